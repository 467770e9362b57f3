/* EVM transactions.
 *
 * Expected values:
 *  - the EIP-155 example (ethereum/EIPs EIPS/eip-155.md): signing hash and
 *    raw transaction, written out below as published;
 *  - tests/fixtures/evm/tx.json: raw transactions from `cast mktx` (Foundry
 *    cast 1.7.1, every field given, offline), the signer and hash from
 *    `cast decode-tx`, the signing payload from `cast to-rlp` and its hash
 *    from `cast keccak`; each entry records its cast command and
 *    tests/fixtures/evm/README.md describes the generator. */
#include "config.h"
#include "tap.h"
#include <cjson/cJSON.h>
#include "hex.h"
#include "chains/evm/tx.h"
#include "chains/evm/rlp.h"
#include "wallet/address.h"

#define EIP155_HASH "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53"
#define EIP155_RAW                                                                                            \
	"0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd" \
	"939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc6421" \
	"4b297fb1966a3b6d83"

static char *tohex(const uint8_t *p, size_t n)
{
	static char buf[2][1 << 13];
	static int i;
	char *b = buf[i++ % 2];
	b[0] = '0';
	b[1] = 'x';
	hex_encode(b + 2, sizeof buf[0] - 2, p, n);
	return b;
}

static uint8_t *unhex(size_t *n, const char *s)
{
	uint8_t *b = malloc(strlen(s) / 2 + 1);
	if (!b || hex_decode(b, strlen(s) / 2 + 1, n, s)) {
		printf("Bail out! bad hex %.40s\n", s);
		exit(1);
	}
	return b;
}

static struct u256 q256(const cJSON *o, const char *name)
{
	struct u256 v;
	struct error e = {0};
	const cJSON *j = cJSON_GetObjectItem(o, name);
	u256_zero(&v);
	if (cJSON_IsString(j) && u256_parse_hex(&v, j->valuestring, &e)) {
		printf("Bail out! %s: %s\n", name, e.msg);
		exit(1);
	}
	return v;
}

static uint64_t q64(const cJSON *o, const char *name)
{
	struct u256 v = q256(o, name);
	uint64_t x;
	if (u256_to_u64(&x, &v)) {
		printf("Bail out! %s is past 64 bits\n", name);
		exit(1);
	}
	return x;
}

static const char *addr_hex(const uint8_t a[20])
{
	return tohex(a, 20);
}

/* Fills tx from a fixture entry. */
static void from_fixture(struct evm_tx *tx, const cJSON *c)
{
	const cJSON *to = cJSON_GetObjectItem(c, "to"), *al;
	size_t n;
	uint8_t *data = unhex(&n, cJSON_GetObjectItem(c, "data")->valuestring);
	evm_tx_init(tx);
	tx->type = cJSON_GetObjectItem(c, "type")->valueint;
	tx->chain_id = q64(c, "chain_id");
	tx->nonce = q64(c, "nonce");
	tx->gas_limit = q64(c, "gas_limit");
	tx->gas_price = q256(c, "gas_price");
	tx->max_priority_fee_per_gas = q256(c, "max_priority_fee_per_gas");
	tx->max_fee_per_gas = q256(c, "max_fee_per_gas");
	tx->value = q256(c, "value");
	if (cJSON_IsString(to)) {
		size_t tn;
		uint8_t *t = unhex(&tn, to->valuestring);
		tx->has_to = 1;
		memcpy(tx->to, t, 20);
		free(t);
	}
	if (evm_tx_set_data(tx, data, n))
		exit(1);
	free(data);
	cJSON_ArrayForEach(al, cJSON_GetObjectItem(c, "access_list"))
	{
		uint8_t keys[8][32], *a;
		size_t nk = 0, an;
		const cJSON *k;
		cJSON_ArrayForEach(k, cJSON_GetObjectItem(al, "storageKeys"))
		{
			uint8_t *kb = unhex(&an, k->valuestring);
			memcpy(keys[nk++], kb, 32);
			free(kb);
		}
		a = unhex(&an, cJSON_GetObjectItem(al, "address")->valuestring);
		if (evm_tx_add_access(tx, a, (const uint8_t(*)[32])keys, nk))
			exit(1);
		free(a);
	}
}

static int same_fields(const struct evm_tx *a, const struct evm_tx *b)
{
	if (a->type != b->type || a->chain_id != b->chain_id || a->nonce != b->nonce || a->gas_limit != b->gas_limit ||
	    a->has_to != b->has_to || (a->has_to && memcmp(a->to, b->to, 20)) || u256_cmp(&a->value, &b->value) ||
	    a->data_len != b->data_len || (a->data_len && memcmp(a->data, b->data, a->data_len)) ||
	    a->access_list_len != b->access_list_len)
		return 0;
	if (a->type == EVM_TX_DYNAMIC_FEE ? (u256_cmp(&a->max_fee_per_gas, &b->max_fee_per_gas) ||
					     u256_cmp(&a->max_priority_fee_per_gas, &b->max_priority_fee_per_gas))
					  : u256_cmp(&a->gas_price, &b->gas_price))
		return 0;
	for (size_t i = 0; i < a->access_list_len; i++) {
		const struct evm_access *x = &a->access_list[i], *y = &b->access_list[i];
		if (memcmp(x->address, y->address, 20) || x->n_keys != y->n_keys ||
		    (x->n_keys && memcmp(x->keys, y->keys, 32 * x->n_keys)))
			return 0;
	}
	return 1;
}

static void test_fixtures(void)
{
	char *text = tap_slurp("tests/fixtures/evm/tx.json");
	cJSON *doc = cJSON_Parse(text), *c;
	int count = 0;
	if (!doc) {
		printf("Bail out! tx.json does not parse\n");
		exit(1);
	}
	cJSON_ArrayForEach(c, doc)
	{
		const char *name = cJSON_GetObjectItem(c, "name")->valuestring;
		struct evm_tx tx, back, unsigned_back;
		struct error e = {0};
		uint8_t key[32], digest[32], *out, *raw, *payload, sender[20];
		size_t n, raw_len, payload_len;
		char sender_hex[ADDRESS_EVM_MAX];

		from_fixture(&tx, c);
		raw = unhex(&raw_len, cJSON_GetObjectItem(c, "raw")->valuestring);
		payload = unhex(&payload_len, cJSON_GetObjectItem(c, "signing_payload")->valuestring);
		if (hex_decode_exact(key, 32, cJSON_GetObjectItem(c, "key")->valuestring))
			exit(1);

		ok(evm_tx_signing_payload(&out, &n, &tx, &e) == 0, "%s: signing payload", name);
		is_str(tohex(out, n), cJSON_GetObjectItem(c, "signing_payload")->valuestring, "%s: equals cast to-rlp", name);
		free(out);
		ok(evm_tx_signing_hash(digest, &tx, &e) == 0, "%s: signing hash", name);
		is_str(tohex(digest, 32), cJSON_GetObjectItem(c, "signing_hash")->valuestring, "%s: equals cast keccak", name);
		ok(evm_tx_sign(&tx, key, &e) == 0, "%s: signs", name);
		ok(evm_tx_encode(&out, &n, &tx, &e) == 0, "%s: encodes", name);
		is_str(tohex(out, n), cJSON_GetObjectItem(c, "raw")->valuestring, "%s: the raw transaction cast mktx makes",
		       name);
		free(out);
		ok(evm_tx_hash(digest, &tx, &e) == 0, "%s: tx hash", name);
		is_str(tohex(digest, 32), cJSON_GetObjectItem(c, "hash")->valuestring, "%s: the hash cast decode-tx gives",
		       name);

		/* decode cast's bytes back */
		int rc = evm_tx_decode(&back, raw, raw_len, &e);
		ok(rc == 0, "%s: decodes%s%s", name, rc ? ": " : "", rc ? e.msg : "");
		ok(back.is_signed && same_fields(&back, &tx), "%s: to the same fields", name);
		{
			struct u256 r = q256(c, "r"), s = q256(c, "s");
			ok(back.v == q64(c, "v") && !u256_cmp(&back.r, &r) && !u256_cmp(&back.s, &s),
			   "%s: v, r, s as cast decode-tx prints them", name);
		}
		ok(evm_tx_sender(sender, &back, &e) == 0, "%s: the sender recovers", name);
		is_str(addr_hex(sender), cJSON_GetObjectItem(c, "sender")->valuestring, "%s: the signer cast decode-tx names",
		       name);
		if (address_evm_from_seckey(sender_hex, sizeof sender_hex, key))
			exit(1);
		{
			char mine[ADDRESS_EVM_MAX];
			if (address_eip55(mine, sizeof mine, sender))
				exit(1);
			is_str(mine, sender_hex, "%s: and it is the signing key's address", name);
		}
		evm_tx_release(&back);

		/* the unsigned payload decodes too */
		rc = evm_tx_decode(&unsigned_back, payload, payload_len, &e);
		ok(rc == 0 && !unsigned_back.is_signed && same_fields(&unsigned_back, &tx),
		   "%s: the signing payload decodes as an unsigned transaction%s%s", name, rc ? ": " : "", rc ? e.msg : "");
		ok(evm_tx_sender(sender, &unsigned_back, &e) == ERR_USAGE, "%s: an unsigned one has no sender", name);
		evm_tx_release(&unsigned_back);

		/* a changed byte in a signed field changes the sender or is refused */
		{
			uint8_t *bad = malloc(raw_len);
			memcpy(bad, raw, raw_len);
			/* the last byte of the value/data area: flip a bit in the field before the signature */
			size_t at = raw_len - 67 - 3;
			bad[at] ^= 0x01;
			rc = evm_tx_decode(&back, bad, raw_len, &e);
			if (rc == 0)
				rc = evm_tx_sender(sender, &back, &e);
			ok(rc != 0 || strcmp(addr_hex(sender), cJSON_GetObjectItem(c, "sender")->valuestring) != 0,
			   "%s: a tampered transaction does not recover the signer", name);
			evm_tx_release(&back);
			/* trailing bytes and truncation */
			free(bad);
			bad = malloc(raw_len + 1);
			memcpy(bad, raw, raw_len);
			bad[raw_len] = 0;
			ok(evm_tx_decode(&back, bad, raw_len + 1, &e) == ERR_USAGE, "%s: a trailing byte is refused", name);
			evm_tx_release(&back);
			ok(evm_tx_decode(&back, bad, raw_len - 1, &e) == ERR_USAGE, "%s: a missing byte is refused", name);
			evm_tx_release(&back);
			free(bad);
		}
		evm_tx_release(&tx);
		free(raw);
		free(payload);
		count++;
	}
	ok(count >= 10, "%d transactions from cast", count);
	cJSON_Delete(doc);
	free(text);
}

static void test_eip155(void)
{
	struct evm_tx tx, back;
	struct error e = {0};
	uint8_t key[32], digest[32], *out, addr[20];
	size_t n;

	memset(key, 0x46, 32);
	evm_tx_init(&tx);
	tx.type = EVM_TX_LEGACY;
	tx.chain_id = 1;
	tx.nonce = 9;
	u256_from_u64(&tx.gas_price, 20000000000ull);
	tx.gas_limit = 21000;
	tx.has_to = 1;
	memset(tx.to, 0x35, 20);
	u256_from_u64(&tx.value, 1000000000000000000ull);
	ok(evm_tx_signing_hash(digest, &tx, &e) == 0, "EIP-155 example: signing hash");
	is_str(tohex(digest, 32), EIP155_HASH, "EIP-155 example: the published signing hash");
	ok(evm_tx_sign(&tx, key, &e) == 0, "EIP-155 example: signs");
	is_int(tx.v, 37, "EIP-155 example: v = 37 (chain 1, recovery id 0)");
	ok(evm_tx_encode(&out, &n, &tx, &e) == 0, "EIP-155 example: encodes");
	is_str(tohex(out, n), EIP155_RAW, "EIP-155 example: the published raw transaction");
	ok(evm_tx_decode(&back, out, n, &e) == 0 && back.chain_id == 1 && back.nonce == 9, "EIP-155 example: decodes");
	ok(evm_tx_sender(addr, &back, &e) == 0, "EIP-155 example: sender recovers");
	is_str(addr_hex(addr), "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f", "EIP-155 example: sender of key 0x46...46");
	{
		struct u256 cost;
		ok(evm_tx_max_cost(&cost, &back, &e) == 0, "max cost");
		char s[U256_DEC_MAX];
		is_str(u256_format_dec(s, sizeof s, &cost) ? "" : s, "1000420000000000000", "max cost = 21000 * 20 gwei + 1 ether");
	}
	evm_tx_release(&back);
	free(out);

	/* refusals when signing */
	tx.chain_id = 0;
	ok(evm_tx_sign(&tx, key, &e) == ERR_USAGE && strstr(e.msg, "chain id"), "no chain id: refused (%s)", e.msg);
	tx.chain_id = 1;
	tx.type = EVM_TX_DYNAMIC_FEE;
	u256_from_u64(&tx.max_fee_per_gas, 10);
	u256_from_u64(&tx.max_priority_fee_per_gas, 11);
	ok(evm_tx_sign(&tx, key, &e) == ERR_USAGE, "a priority fee above the max fee: refused (%s)", e.msg);
	u256_from_u64(&tx.max_priority_fee_per_gas, 10);
	memset(key, 0, 32);
	ok(evm_tx_sign(&tx, key, &e) == ERR_USAGE, "a zero key: refused (%s)", e.msg);
	tx.type = 3;
	ok(evm_tx_signing_hash(digest, &tx, &e) == ERR_USAGE, "type 3: refused (%s)", e.msg);
	evm_tx_release(&tx);
	evm_tx_init(&tx);
	ok(evm_tx_encode(&out, &n, &tx, &e) == ERR_USAGE, "an unsigned transaction has no raw form");
	u256_max(&tx.gas_price);
	tx.gas_limit = 2;
	struct u256 cost;
	ok(evm_tx_max_cost(&cost, &tx, &e) == ERR_USAGE, "a max cost past 2^256-1 is refused");
	evm_tx_release(&tx);
}

/* Decodes hex; returns the code and keeps the message in e. */
static int decode_hex(const char *hex, struct error *e)
{
	struct evm_tx tx;
	size_t n;
	uint8_t *raw = unhex(&n, hex);
	int rc = evm_tx_decode(&tx, raw, n, e);
	evm_tx_release(&tx);
	free(raw);
	return rc;
}

/* An EIP-155 legacy transaction list with the given raw items. */
static char *legacy_with(const char *nonce, const char *to, const char *v, const char *r)
{
	static char hex[1024];
	struct rlp_buf b;
	uint8_t buf[64];
	size_t n;
	rlp_buf_init(&b);
	size_t l = rlp_list_begin(&b);
	if (hex_decode(buf, sizeof buf, &n, nonce))
		exit(1);
	rlp_put_raw(&b, buf, n);
	rlp_put_u64(&b, 20000000000ull);
	rlp_put_u64(&b, 21000);
	if (hex_decode(buf, sizeof buf, &n, to))
		exit(1);
	rlp_put_raw(&b, buf, n);
	rlp_put_u64(&b, 1);
	rlp_put_bytes(&b, NULL, 0);
	if (hex_decode(buf, sizeof buf, &n, v))
		exit(1);
	rlp_put_raw(&b, buf, n);
	if (hex_decode(buf, sizeof buf, &n, r))
		exit(1);
	rlp_put_raw(&b, buf, n);
	rlp_put_raw(&b, buf, n);
	rlp_list_end(&b, l);
	strcpy(hex, tohex(b.data, b.len));
	rlp_buf_release(&b);
	return hex;
}

#define TO20 "0x943535353535353535353535353535353535353535"
#define R32 "0xa028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276"

static void test_refused(void)
{
	struct error e = {0};
	size_t n;

	ok(decode_hex(legacy_with("0x09", TO20, "0x25", R32), &e) == 0, "a hand-built legacy transaction decodes");
	ok(decode_hex(legacy_with("0x8109", TO20, "0x25", R32), &e) == ERR_USAGE, "a nonce as 0x81 0x09: %s", e.msg);
	ok(decode_hex(legacy_with("0x820009", TO20, "0x25", R32), &e) == ERR_USAGE, "a nonce with a leading zero: %s",
	   e.msg);
	ok(decode_hex(legacy_with("0x09", "0x9335353535353535353535353535353535353535", "0x25", R32), &e) == ERR_USAGE,
	   "a 19-byte to: %s", e.msg);
	ok(decode_hex(legacy_with("0x09", TO20, "0x1d", R32), &e) == ERR_USAGE, "v = 29: %s", e.msg);
	ok(decode_hex(legacy_with("0x09", TO20, "0x1b", R32), &e) == 0, "v = 27 (no EIP-155) decodes");
	{
		/* r = s = 0: an EIP-155 signing payload, v being the chain id */
		struct evm_tx tx;
		uint8_t *raw = unhex(&n, legacy_with("0x09", TO20, "0x25", "0x80"));
		ok(evm_tx_decode(&tx, raw, n, &e) == 0 && !tx.is_signed && tx.chain_id == 37,
		   "[..., 37, 0, 0] is an unsigned transaction for chain 37");
		evm_tx_release(&tx);
		free(raw);
		raw = unhex(&n, legacy_with("0x09", TO20, "0x80", "0x80"));
		ok(evm_tx_decode(&tx, raw, n, &e) == ERR_USAGE, "[..., 0, 0, 0] is refused: %s", e.msg);
		evm_tx_release(&tx);
		free(raw);
	}
	ok(decode_hex("0x", &e) == ERR_USAGE, "empty: %s", e.msg);
	ok(decode_hex("0x03f8", &e) == ERR_USAGE && strstr(e.msg, "blob"), "type 3: %s", e.msg);
	ok(decode_hex("0x04f8", &e) == ERR_USAGE && strstr(e.msg, "7702"), "type 4: %s", e.msg);
	ok(decode_hex("0x05c0", &e) == ERR_USAGE, "type 5: %s", e.msg);
	ok(decode_hex("0x83646f67", &e) == ERR_USAGE, "an rlp string: %s", e.msg);
	ok(decode_hex("0x02c0", &e) == ERR_USAGE, "a type 2 empty list: %s", e.msg);
	ok(decode_hex("0x02c3010203", &e) == ERR_USAGE, "a type 2 with 3 fields: %s", e.msg);

	/* y_parity 2 in a type 2 transaction */
	{
		char *text = tap_slurp("tests/fixtures/evm/tx.json");
		cJSON *doc = cJSON_Parse(text);
		const cJSON *c = cJSON_GetArrayItem(doc, 1);
		uint8_t *raw = unhex(&n, cJSON_GetObjectItem(c, "raw")->valuestring);
		struct evm_tx tx;
		uint8_t sender[20];
		/* yParity is the byte before 0xa0 || r (32) and 0xa0 || s (32) */
		ok(raw[n - 67] == 0x80 || raw[n - 67] == 0x01, "found yParity");
		raw[n - 67] = 0x02;
		ok(evm_tx_decode(&tx, raw, n, &e) == ERR_USAGE, "yParity 2: %s", e.msg);
		evm_tx_release(&tx);
		/* a high s (n - s), the other recovery id: decodes, but no sender (EIP-2) */
		static const uint8_t order[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
						  0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
						  0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
		free(raw);
		raw = unhex(&n, cJSON_GetObjectItem(c, "raw")->valuestring);
		struct u256 ord, s, hs;
		u256_from_be(&ord, order);
		u256_from_be(&s, raw + n - 32);
		ok(u256_sub(&hs, &ord, &s) == 0, "n - s");
		u256_to_be(raw + n - 32, &hs);
		raw[n - 67] = raw[n - 67] == 0x80 ? 0x01 : 0x80;
		ok(evm_tx_decode(&tx, raw, n, &e) == 0, "a high-s signature decodes");
		ok(evm_tx_sender(sender, &tx, &e) == ERR_USAGE, "but recovers no sender: %s", e.msg);
		evm_tx_release(&tx);
		free(raw);
		cJSON_Delete(doc);
		free(text);
	}
}

int main(void)
{
	test_eip155();
	test_fixtures();
	test_refused();
	return tap_done();
}
