/* EVM transactions: encoding, signing, strict decoding, sender recovery. */
#include "config.h"
#include "chains/evm/tx.h"

#include <stdlib.h>
#include <string.h>

#include "keccak.h"
#include "chains/evm/rlp.h"
#include "wallet/signer.h"

void evm_tx_init(struct evm_tx *tx)
{
	memset(tx, 0, sizeof *tx);
}

void evm_tx_release(struct evm_tx *tx)
{
	free(tx->data);
	for (size_t i = 0; i < tx->access_list_len; i++)
		free(tx->access_list[i].keys);
	free(tx->access_list);
	evm_tx_init(tx);
}

int evm_tx_set_data(struct evm_tx *tx, const uint8_t *data, size_t len)
{
	uint8_t *d = NULL;
	if (len) {
		d = malloc(len);
		if (!d)
			return ERR_FAIL;
		memcpy(d, data, len);
	}
	free(tx->data);
	tx->data = d;
	tx->data_len = len;
	return 0;
}

int evm_tx_add_access(struct evm_tx *tx, const uint8_t address[20], const uint8_t (*keys)[32], size_t n_keys)
{
	struct evm_access *al;
	uint8_t(*k)[32] = NULL;
	if (tx->access_list_len >= SIZE_MAX / sizeof *al - 1 || n_keys > SIZE_MAX / 32)
		return ERR_FAIL;
	if (n_keys) {
		k = malloc(n_keys * 32);
		if (!k)
			return ERR_FAIL;
		memcpy(k, keys, n_keys * 32);
	}
	al = realloc(tx->access_list, (tx->access_list_len + 1) * sizeof *al);
	if (!al) {
		free(k);
		return ERR_FAIL;
	}
	tx->access_list = al;
	memcpy(al[tx->access_list_len].address, address, 20);
	al[tx->access_list_len].keys = k;
	al[tx->access_list_len].n_keys = n_keys;
	tx->access_list_len++;
	return 0;
}

/* ---- encoding ---- */

static void put_access_list(struct rlp_buf *b, const struct evm_tx *tx)
{
	size_t outer = rlp_list_begin(b);
	for (size_t i = 0; i < tx->access_list_len; i++) {
		const struct evm_access *a = &tx->access_list[i];
		size_t entry = rlp_list_begin(b);
		rlp_put_bytes(b, a->address, 20);
		size_t keys = rlp_list_begin(b);
		for (size_t k = 0; k < a->n_keys; k++)
			rlp_put_bytes(b, a->keys[k], 32);
		rlp_list_end(b, keys);
		rlp_list_end(b, entry);
	}
	rlp_list_end(b, outer);
}

static int check_type(const struct evm_tx *tx, struct error *e)
{
	if (tx->type != EVM_TX_LEGACY && tx->type != EVM_TX_ACCESS_LIST && tx->type != EVM_TX_DYNAMIC_FEE)
		return error_set(e, ERR_USAGE, "evm tx: transaction type %d is not supported", tx->type);
	if (tx->type == EVM_TX_LEGACY && tx->access_list_len)
		return error_set(e, ERR_USAGE, "evm tx: a legacy transaction has no access list");
	return 0;
}

/* The fields of every form, with the signature part as `sig`:
 * 0 none (typed payload), 1 EIP-155 (chainId, 0, 0), 2 v r s. */
static int encode(struct rlp_buf *b, const struct evm_tx *tx, int with_sig, struct error *e)
{
	int rc = check_type(tx, e);
	size_t list;
	if (rc)
		return rc;
	if (tx->type != EVM_TX_LEGACY) {
		uint8_t t = (uint8_t)tx->type;
		rlp_put_raw(b, &t, 1);
	}
	list = rlp_list_begin(b);
	if (tx->type != EVM_TX_LEGACY)
		rlp_put_u64(b, tx->chain_id);
	rlp_put_u64(b, tx->nonce);
	if (tx->type == EVM_TX_DYNAMIC_FEE) {
		rlp_put_u256(b, &tx->max_priority_fee_per_gas);
		rlp_put_u256(b, &tx->max_fee_per_gas);
	} else {
		rlp_put_u256(b, &tx->gas_price);
	}
	rlp_put_u64(b, tx->gas_limit);
	rlp_put_bytes(b, tx->to, tx->has_to ? 20 : 0);
	rlp_put_u256(b, &tx->value);
	rlp_put_bytes(b, tx->data, tx->data_len);
	if (tx->type != EVM_TX_LEGACY)
		put_access_list(b, tx);
	if (with_sig) {
		rlp_put_u64(b, tx->v);
		rlp_put_u256(b, &tx->r);
		rlp_put_u256(b, &tx->s);
	} else if (tx->type == EVM_TX_LEGACY && tx->chain_id) {
		rlp_put_u64(b, tx->chain_id);
		rlp_put_u64(b, 0);
		rlp_put_u64(b, 0);
	}
	rlp_list_end(b, list);
	return rlp_buf_finish(b, e);
}

static int encode_out(uint8_t **out, size_t *out_len, const struct evm_tx *tx, int with_sig, struct error *e)
{
	struct rlp_buf b;
	int rc;
	*out = NULL;
	*out_len = 0;
	rlp_buf_init(&b);
	rc = encode(&b, tx, with_sig, e);
	if (rc) {
		rlp_buf_release(&b);
		return rc;
	}
	*out = b.data;
	*out_len = b.len;
	return 0;
}

int evm_tx_signing_payload(uint8_t **out, size_t *out_len, const struct evm_tx *tx, struct error *e)
{
	return encode_out(out, out_len, tx, 0, e);
}

int evm_tx_signing_hash(uint8_t out[32], const struct evm_tx *tx, struct error *e)
{
	uint8_t *p;
	size_t n;
	int rc = evm_tx_signing_payload(&p, &n, tx, e);
	if (rc)
		return rc;
	keccak256(out, p, n);
	free(p);
	return 0;
}

int evm_tx_encode(uint8_t **out, size_t *out_len, const struct evm_tx *tx, struct error *e)
{
	*out = NULL;
	*out_len = 0;
	if (!tx->is_signed)
		return error_set(e, ERR_USAGE, "evm tx: the transaction is not signed");
	return encode_out(out, out_len, tx, 1, e);
}

int evm_tx_hash(uint8_t out[32], const struct evm_tx *tx, struct error *e)
{
	uint8_t *p;
	size_t n;
	int rc = evm_tx_encode(&p, &n, tx, e);
	if (rc)
		return rc;
	keccak256(out, p, n);
	free(p);
	return 0;
}

/* The largest chain id whose legacy v = chain_id * 2 + 36 fits 64 bits. */
#define LEGACY_CHAIN_MAX ((UINT64_MAX - 36) / 2)

int evm_tx_sign(struct evm_tx *tx, const uint8_t seckey[32], struct error *e)
{
	uint8_t digest[32], sig[65];
	int rc = check_type(tx, e), recid;
	if (rc)
		return rc;
	if (tx->chain_id == 0)
		return error_set(e, ERR_USAGE, "evm tx: no chain id (a transaction without one could be replayed "
					       "on any chain)");
	if (tx->type == EVM_TX_LEGACY && tx->chain_id > LEGACY_CHAIN_MAX)
		return error_set(e, ERR_USAGE, "evm tx: chain id %llu is too large for a legacy transaction",
				 (unsigned long long)tx->chain_id);
	if (tx->type == EVM_TX_DYNAMIC_FEE && u256_cmp(&tx->max_priority_fee_per_gas, &tx->max_fee_per_gas) > 0)
		return error_set(e, ERR_USAGE, "evm tx: the max priority fee per gas is above the max fee per gas");
	rc = evm_tx_signing_hash(digest, tx, e);
	if (rc)
		return rc;
	rc = signer_secp256k1_sign(sig, seckey, digest);
	if (rc)
		return error_set(e, rc, "evm tx: signing failed (%s)",
				 rc == ERR_USAGE ? "the secret key is not valid" : "secp256k1");
	recid = sig[64] - 27;
	u256_from_be(&tx->r, sig);
	u256_from_be(&tx->s, sig + 32);
	tx->v = tx->type == EVM_TX_LEGACY ? (uint64_t)recid + tx->chain_id * 2 + 35 : (uint64_t)recid;
	tx->is_signed = 1;
	return 0;
}

/* ---- decoding ---- */

/* The items of a list of any length (*items is malloc'd, NULL if empty). */
static int all_items(struct rlp_item **items, size_t *n, const struct rlp_item *list, struct error *e)
{
	int rc = rlp_list_count(n, list, e);
	*items = NULL;
	if (rc || !*n)
		return rc;
	*items = calloc(*n, sizeof **items);
	if (!*items)
		return error_set(e, ERR_FAIL, "out of memory");
	rc = rlp_list_items(*items, *n, n, list, e);
	if (rc) {
		free(*items);
		*items = NULL;
	}
	return rc;
}

static int decode_access_list(struct evm_tx *tx, const struct rlp_item *list, struct error *e)
{
	struct rlp_item *entries, *keys = NULL;
	size_t n, nk;
	int rc = all_items(&entries, &n, list, e);
	if (rc)
		return error_wrap(e, "access list");
	if (!n)
		return 0;
	tx->access_list = calloc(n, sizeof *tx->access_list);
	if (!tx->access_list) {
		free(entries);
		return error_set(e, ERR_FAIL, "out of memory");
	}
	for (size_t i = 0; !rc && i < n; i++) {
		struct rlp_item pair[2];
		size_t np;
		struct evm_access *a = &tx->access_list[i];
		tx->access_list_len = i + 1;
		rc = rlp_list_items(pair, 2, &np, &entries[i], e);
		if (!rc && np != 2)
			rc = error_set(e, ERR_USAGE, "rlp: the entry at byte %zu has %zu items, not 2", entries[i].offset,
				       np);
		if (!rc)
			rc = rlp_item_fixed(&pair[0], 20, 0, "an address", e);
		if (!rc)
			rc = all_items(&keys, &nk, &pair[1], e);
		if (rc)
			break;
		memcpy(a->address, pair[0].payload, 20);
		if (nk) {
			a->keys = calloc(nk, 32);
			if (!a->keys)
				rc = error_set(e, ERR_FAIL, "out of memory");
		}
		for (size_t k = 0; !rc && k < nk; k++) {
			rc = rlp_item_fixed(&keys[k], 32, 0, "a storage key", e);
			if (!rc)
				memcpy(a->keys[k], keys[k].payload, 32);
		}
		if (!rc)
			a->n_keys = nk;
		free(keys);
		keys = NULL;
	}
	free(entries);
	if (rc)
		return error_wrap(e, "access list");
	return 0;
}

/* Field names, for messages. */
static const char *const legacy_names[] = {"nonce", "gasPrice", "gas", "to", "value", "data", "v", "r", "s"};
static const char *const t1_names[] = {"chainId", "nonce", "gasPrice", "gas", "to", "value",
				       "data", "accessList", "yParity", "r", "s"};
static const char *const t2_names[] = {"chainId", "nonce", "maxPriorityFeePerGas", "maxFeePerGas",
				       "gas", "to", "value", "data", "accessList", "yParity", "r", "s"};

static int decode_fields(struct evm_tx *tx, const struct rlp_item *f, size_t n, struct error *e)
{
	const char *const *name = tx->type == EVM_TX_LEGACY ? legacy_names
				  : tx->type == EVM_TX_ACCESS_LIST ? t1_names
								   : t2_names;
	size_t i = 0;
	int rc;

#define U64(dst) (rc = rlp_item_u64(&(dst), &f[i], name[i], e), i++, rc)
#define U256(dst) (rc = rlp_item_u256(&(dst), &f[i], name[i], e), i++, rc)
	if (tx->type != EVM_TX_LEGACY && U64(tx->chain_id))
		return rc;
	if (U64(tx->nonce))
		return rc;
	if (tx->type == EVM_TX_DYNAMIC_FEE) {
		if (U256(tx->max_priority_fee_per_gas) || U256(tx->max_fee_per_gas))
			return rc;
	} else if (U256(tx->gas_price)) {
		return rc;
	}
	if (U64(tx->gas_limit))
		return rc;
	rc = rlp_item_fixed(&f[i], 20, 1, "to", e);
	if (rc)
		return rc;
	tx->has_to = f[i].len == 20;
	if (tx->has_to)
		memcpy(tx->to, f[i].payload, 20);
	i++;
	if (U256(tx->value))
		return rc;
	if (f[i].is_list)
		return error_set(e, ERR_USAGE, "rlp: data at byte %zu is a list", f[i].offset);
	if (evm_tx_set_data(tx, f[i].payload, f[i].len))
		return error_set(e, ERR_FAIL, "out of memory");
	i++;
	if (tx->type != EVM_TX_LEGACY) {
		rc = decode_access_list(tx, &f[i], e);
		if (rc)
			return rc;
		i++;
	}
	if (i == n) /* an unsigned typed payload, or a pre-EIP-155 legacy one */
		return 0;
	/* NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage): rlp_list_items filled f[0..n) */
	if (U64(tx->v) || U256(tx->r) || U256(tx->s))
		return rc;
#undef U64
#undef U256
	if (tx->type == EVM_TX_LEGACY) {
		if (u256_is_zero(&tx->r) && u256_is_zero(&tx->s)) {
			/* an EIP-155 signing payload: [..., chainId, 0, 0] */
			tx->chain_id = tx->v;
			tx->v = 0;
			if (!tx->chain_id)
				return error_set(e, ERR_USAGE, "an unsigned legacy transaction with chain id 0");
			return 0;
		}
		if (tx->v == 27 || tx->v == 28) {
			tx->chain_id = 0;
		} else if (tx->v >= 35) {
			tx->chain_id = (tx->v - 35) / 2;
		} else {
			return error_set(e, ERR_USAGE, "v %llu is not 27, 28 or 35 and above",
					 (unsigned long long)tx->v);
		}
	} else if (tx->v > 1) {
		return error_set(e, ERR_USAGE, "yParity %llu is not 0 or 1", (unsigned long long)tx->v);
	}
	if (u256_is_zero(&tx->r) || u256_is_zero(&tx->s))
		return error_set(e, ERR_USAGE, "the signature has r or s zero");
	tx->is_signed = 1;
	return 0;
}

int evm_tx_decode(struct evm_tx *tx, const uint8_t *raw, size_t len, struct error *e)
{
	struct rlp_item top, f[12];
	const uint8_t *body = raw;
	size_t body_len = len, n, want_unsigned, want_signed;
	uint8_t *again = NULL;
	size_t again_len = 0;
	int rc;

	evm_tx_init(tx);
	if (len == 0)
		return error_set(e, ERR_USAGE, "evm tx: empty transaction");
	if (raw[0] >= 0xc0) {
		tx->type = EVM_TX_LEGACY;
		want_unsigned = 6;
		want_signed = 9;
	} else if (raw[0] == EVM_TX_ACCESS_LIST || raw[0] == EVM_TX_DYNAMIC_FEE) {
		tx->type = raw[0];
		body++;
		body_len--;
		want_unsigned = raw[0] == EVM_TX_ACCESS_LIST ? 8 : 9;
		want_signed = want_unsigned + 3;
	} else if (raw[0] == 3) {
		return error_set(e, ERR_USAGE, "evm tx: blob transactions (type 3) are not supported");
	} else if (raw[0] == 4) {
		return error_set(e, ERR_USAGE,
				 "evm tx: set-code transactions (type 4, EIP-7702) are refused: they hand the "
				 "account to a contract");
	} else if (raw[0] < 0x80) {
		return error_set(e, ERR_USAGE, "evm tx: transaction type %u is not supported", raw[0]);
	} else {
		return error_set(e, ERR_USAGE, "evm tx: not a transaction (an rlp string, not a list)");
	}
	rc = rlp_decode(&top, body, body_len, e);
	if (rc)
		return error_wrap(e, "evm tx");
	rc = rlp_list_items(f, 12, &n, &top, e);
	if (rc)
		return error_wrap(e, "evm tx");
	if (n != want_unsigned && n != want_signed)
		return error_set(e, ERR_USAGE, "evm tx: a type %d transaction has %zu or %zu fields, not %zu", tx->type,
				 want_unsigned, want_signed, n);
	rc = decode_fields(tx, f, n, e);
	if (rc)
		return error_wrap(e, "evm tx");

	/* what was decoded must encode back to the very same bytes */
	rc = encode_out(&again, &again_len, tx, tx->is_signed, e);
	if (rc)
		return rc;
	if (again_len != len || memcmp(again, raw, len) != 0)
		rc = error_set(e, ERR_USAGE, "evm tx: the transaction does not encode back to the same bytes");
	free(again);
	return rc;
}

int evm_tx_sender(uint8_t addr[20], const struct evm_tx *tx, struct error *e)
{
	uint8_t digest[32], sig[65], pub[64], h[32];
	uint64_t recid;
	int rc;

	if (!tx->is_signed)
		return error_set(e, ERR_USAGE, "evm tx: the transaction is not signed");
	if (tx->type == EVM_TX_LEGACY) {
		if (tx->chain_id == 0)
			recid = tx->v - 27;
		else
			recid = tx->v - 35 - tx->chain_id * 2;
	} else {
		recid = tx->v;
	}
	if (recid > 1)
		return error_set(e, ERR_USAGE, "evm tx: v %llu does not match chain id %llu", (unsigned long long)tx->v,
				 (unsigned long long)tx->chain_id);
	rc = evm_tx_signing_hash(digest, tx, e);
	if (rc)
		return rc;
	u256_to_be(sig, &tx->r);
	u256_to_be(sig + 32, &tx->s);
	sig[64] = (uint8_t)recid;
	rc = signer_secp256k1_recover(pub, sig, digest, e);
	if (rc)
		return error_wrap(e, "evm tx");
	keccak256(h, pub, 64);
	memcpy(addr, h + 12, 20);
	return 0;
}

int evm_tx_max_cost(struct u256 *out, const struct evm_tx *tx, struct error *e)
{
	struct u256 fee, gas;
	u256_from_u64(&gas, tx->gas_limit);
	fee = tx->type == EVM_TX_DYNAMIC_FEE ? tx->max_fee_per_gas : tx->gas_price;
	if (u256_mul(out, &gas, &fee) || u256_add(out, out, &tx->value))
		return error_set(e, ERR_USAGE, "evm tx: the maximum cost is past 2^256-1");
	return 0;
}
