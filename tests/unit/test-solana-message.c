/* Messages and transactions built, signed and decoded by depinctl against
 * @solana/web3.js, @solana/spl-token and @solana/spl-memo
 * (tests/fixtures/solana/messages.json): byte for byte, signatures included
 * (ed25519 is deterministic). */
#include "config.h"

#include <sodium.h>
#include <cjson/cJSON.h>

#include "tap.h"
#include "hex.h"
#include "wallet/address.h"
#include "chains/solana/message.h"
#include "chains/solana/tx.h"
#include "chains/solana/pda.h"
#include "chains/solana/programs.h"

#define MAX_IXS 8

static cJSON *root;
static uint8_t seed_payer[32], seed_recipient[32], seed_cosigner[32], seed_newaccount[32];
static uint8_t payer[32], recipient[32], cosigner[32], newaccount[32];
static uint8_t blockhash[32], mint[32], mint22[32];

static const char *str(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

static const cJSON *find_case(const char *name)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases"))
		if (strcmp(str(c, "name"), name) == 0)
			return c;
	printf("Bail out! no case %s in messages.json\n", name);
	exit(1);
}

static void key(uint8_t out[32], const char *b58)
{
	if (!b58 || address_solana_parse(out, b58, NULL)) {
		printf("Bail out! bad key in messages.json\n");
		exit(1);
	}
}

static void load_keys(void)
{
	const cJSON *seeds = cJSON_GetObjectItem(root, "seeds"), *pubs = cJSON_GetObjectItem(root, "pubkeys");
	struct {
		const char *name;
		uint8_t *seed, *pub;
	} k[] = {{"payer", seed_payer, payer},
		 {"recipient", seed_recipient, recipient},
		 {"cosigner", seed_cosigner, cosigner},
		 {"newaccount", seed_newaccount, newaccount}};
	for (size_t i = 0; i < 4; i++) {
		uint8_t pk[32], sk[64];
		if (hex_decode_exact(k[i].seed, 32, str(seeds, k[i].name)))
			exit(1);
		key(k[i].pub, str(pubs, k[i].name));
		if (crypto_sign_seed_keypair(pk, sk, k[i].seed))
			exit(1);
		ok(memcmp(pk, k[i].pub, 32) == 0, "the %s seed gives web3.js's public key", k[i].name);
		sodium_memzero(sk, sizeof sk);
	}
	key(blockhash, str(root, "blockhash"));
	key(mint, str(root, "mint"));
	key(mint22, str(root, "mint22"));
}

/* The compute budget, ATA and transfer_checked instructions of gen.js's tokenTransfer. */
static size_t token_transfer(struct sol_instruction *ixs, const uint8_t prog[32], const uint8_t m[32],
			     uint64_t amount, uint8_t decimals)
{
	uint8_t src[32], dst[32];
	int rc = sol_pda_ata(src, payer, m, prog, NULL);
	rc |= sol_pda_ata(dst, recipient, m, prog, NULL);
	rc |= sol_program_compute_unit_limit(&ixs[0], 200000, NULL);
	rc |= sol_program_compute_unit_price(&ixs[1], 5000, NULL);
	rc |= sol_program_ata_create_idempotent(&ixs[2], payer, recipient, m, prog, NULL);
	rc |= sol_program_token_transfer_checked(&ixs[3], prog, src, m, dst, payer, amount, decimals, NULL);
	ok(rc == 0, "token transfer instructions build");
	return 4;
}

static char *b64(const uint8_t *p, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *s = malloc(cap);
	sodium_bin2base64(s, cap, p, n, sodium_base64_VARIANT_ORIGINAL);
	return s;
}

static const uint8_t *seed_of(const char *name)
{
	if (strcmp(name, "payer") == 0)
		return seed_payer;
	if (strcmp(name, "cosigner") == 0)
		return seed_cosigner;
	if (strcmp(name, "newaccount") == 0)
		return seed_newaccount;
	return seed_recipient;
}

/* Lookup tables of a case, from the fixture: keys live in storage. */
static size_t tables_of(struct sol_lookup_table *t, uint8_t (*storage)[32], const cJSON *c)
{
	const cJSON *tab, *a;
	size_t n = 0, k = 0;
	cJSON_ArrayForEach(tab, cJSON_GetObjectItem(c, "tables"))
	{
		key(t[n].key, str(tab, "key"));
		t[n].addresses = (const uint8_t(*)[32])storage[k];
		t[n].addresses_len = 0;
		cJSON_ArrayForEach(a, cJSON_GetObjectItem(tab, "addresses"))
		{
			key(storage[k++], a->valuestring);
			t[n].addresses_len++;
		}
		n++;
	}
	return n;
}

/* Re-derives the message from its own decoding: resolve the accounts, turn
 * every compiled instruction back into one with metas, compile again. */
static void recompile(const struct sol_message *m, const uint8_t *bytes, size_t len,
		      const struct sol_lookup_table *tables, size_t ntables, const char *name)
{
	uint8_t keys[SOL_MAX_ACCOUNTS][32], again[SOL_PACKET_MAX];
	struct sol_instruction ixs[MAX_IXS] = {0};
	struct sol_message m2;
	struct error e = {0};
	size_t n = sol_message_account_count(m), len2 = 0;
	int rc = sol_message_resolve(keys, SOL_MAX_ACCOUNTS, m, tables, ntables, &e);

	sol_message_init(&m2);
	for (size_t i = 0; !rc && i < m->instructions_len && i < MAX_IXS; i++)
		rc = sol_message_instruction(&ixs[i], m, i, (const uint8_t(*)[32])keys, n, &e);
	if (!rc)
		rc = sol_message_compile(&m2, m->version, keys[0], m->recent_blockhash, ixs, m->instructions_len,
					 tables, ntables, &e);
	if (!rc)
		rc = sol_message_serialize(again, sizeof again, &len2, &m2, &e);
	ok(rc == 0 && len2 == len && memcmp(again, bytes, len) == 0,
	   "%s: decoded instructions compile back to the same message (%s)", name, e.msg);
	sol_instructions_release(ixs, MAX_IXS);
	sol_message_release(&m2);
}

/* Builds, signs and compares one case; then decodes web3.js's bytes. */
static void check_case(const char *name, int version, struct sol_instruction *ixs, size_t nixs)
{
	const cJSON *c = find_case(name), *s;
	struct sol_lookup_table tables[4];
	uint8_t storage[64][32], buf[SOL_PACKET_MAX];
	size_t ntables = tables_of(tables, storage, c), len = 0;
	struct sol_message m;
	struct sol_tx tx, back;
	struct error e = {0};
	char *got;
	char text[SOL_TX_BASE58_MAX], id[SOL_SIGNATURE_BASE58_MAX];
	int rc;

	sol_message_init(&m);
	sol_tx_init(&tx);
	sol_tx_init(&back);
	rc = sol_message_compile(&m, version, payer, blockhash, ixs, nixs, tables, ntables, &e);
	if (!rc)
		rc = sol_message_serialize(buf, sizeof buf, &len, &m, &e);
	ok(rc == 0, "%s: compiles (%s)", name, e.msg);
	got = b64(buf, len);
	is_str(got, str(c, "message"), "%s: message equals web3.js's", name);
	free(got);

	rc = sol_tx_from_message(&tx, &m, &e);
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(c, "signers"))
		if (!rc)
			rc = sol_tx_sign(&tx, seed_of(s->valuestring), &e);
	ok(rc == 0, "%s: signs (%s)", name, e.msg);
	ok(sol_tx_verify(&tx, true, &e) == 0, "%s: every signature verifies (%s)", name, e.msg);
	text[0] = '\0';
	rc = sol_tx_base64(text, sizeof text, &tx, &e);
	is_str(text, str(c, "tx"), "%s: signed transaction equals web3.js's (base64)", name);
	text[0] = '\0';
	rc = sol_tx_base58(text, sizeof text, &tx, &e);
	is_str(text, str(c, "tx_base58"), "%s: signed transaction equals web3.js's (base58)", name);
	id[0] = '\0';
	rc = sol_tx_id(id, sizeof id, &tx, &e);
	is_str(id, str(c, "signature"), "%s: transaction id", name);

	/* web3.js's bytes decode and re-encode to themselves */
	rc = sol_tx_parse_base64(&back, str(c, "tx"), &e);
	ok(rc == 0, "%s: web3.js's transaction parses (%s)", name, e.msg);
	ok(rc == 0 && sol_tx_check_message(&back, buf, len, &e) == 0, "%s: its message is the one built", name);
	ok(rc == 0 && sol_tx_verify(&back, true, &e) == 0, "%s: its signatures verify", name);
	text[0] = '\0';
	if (!rc)
		rc = sol_tx_base64(text, sizeof text, &back, &e);
	is_str(text, str(c, "tx"), "%s: parsed transaction re-encodes to the same bytes", name);
	if (!rc)
		rc = sol_tx_parse_base58(&back, str(c, "tx_base58"), &e);
	ok(rc == 0 && sol_tx_check_message(&back, buf, len, NULL) == 0, "%s: the base58 form parses too", name);
	ok(back.msg.version == version && back.msg.num_required_signatures == tx.msg.num_required_signatures,
	   "%s: version %d, %u signers", name, version, back.msg.num_required_signatures);
	recompile(&back.msg, back.message, back.message_len, tables, ntables, name);

	sol_tx_release(&back);
	sol_tx_release(&tx);
	sol_message_release(&m);
}

/* The decoded calls of a message, in order. */
static void check_calls(const char *name, const enum sol_call_kind *want, size_t n, const uint64_t *amounts)
{
	const cJSON *c = find_case(name);
	struct sol_lookup_table tables[4];
	uint8_t storage[64][32], keys[SOL_MAX_ACCOUNTS][32];
	size_t ntables = tables_of(tables, storage, c);
	struct sol_tx tx;
	struct error e = {0};
	int rc, good = 1;

	sol_tx_init(&tx);
	rc = sol_tx_parse_base64(&tx, str(c, "tx"), &e);
	if (!rc)
		rc = sol_message_resolve(keys, SOL_MAX_ACCOUNTS, &tx.msg, tables, ntables, &e);
	if (rc || tx.msg.instructions_len != n)
		good = 0;
	for (size_t i = 0; good && i < n; i++) {
		struct sol_instruction ix = {0};
		struct sol_call call;
		if (sol_message_instruction(&ix, &tx.msg, i, (const uint8_t(*)[32])keys,
					    sol_message_account_count(&tx.msg), &e) ||
		    sol_program_decode(&call, &ix, &e) || call.kind != want[i] || call.amount != amounts[i])
			good = 0;
		if (good && call.kind == SOL_CALL_TOKEN_TRANSFER_CHECKED)
			good = memcmp(call.authority, payer, 32) == 0 && memcmp(call.program, ix.program_id, 32) == 0;
		if (good && call.kind == SOL_CALL_ATA_CREATE_IDEMPOTENT)
			good = memcmp(call.owner, recipient, 32) == 0 && memcmp(call.from, payer, 32) == 0;
		if (good && call.kind == SOL_CALL_MEMO)
			good = call.text_len == 13 && memcmp(call.text, "depinctl test", 13) == 0;
		if (good && call.kind == SOL_CALL_SYSTEM_TRANSFER)
			good = memcmp(call.from, payer, 32) == 0 && memcmp(call.to, recipient, 32) == 0;
		sol_instruction_release(&ix);
	}
	ok(good, "%s: %zu instructions decode to the calls built (%s)", name, n, e.msg);
	sol_tx_release(&tx);
}

static void classic_transaction(void)
{
	const cJSON *c = find_case("classic-transaction"), *ref = find_case("spl-transfer-legacy");
	struct sol_tx tx;
	struct error e = {0};
	char text[SOL_TX_BASE64_MAX] = "";
	int rc;

	sol_tx_init(&tx);
	ok(strcmp(str(c, "message"), str(ref, "message")) != 0,
	   "web3.js's Transaction class orders keys otherwise than TransactionMessage");
	rc = sol_tx_parse_base64(&tx, str(c, "tx"), &e);
	ok(rc == 0, "classic-transaction: parses (%s)", e.msg);
	ok(rc == 0 && sol_tx_verify(&tx, true, &e) == 0, "classic-transaction: signatures verify");
	if (!rc)
		rc = sol_tx_base64(text, sizeof text, &tx, &e);
	is_str(text, str(c, "tx"), "classic-transaction: re-encodes to the same bytes");
	/* the same instructions: compiled in depinctl's order they give the other message */
	{
		struct sol_instruction ixs[MAX_IXS] = {0};
		struct sol_message m;
		uint8_t buf[SOL_PACKET_MAX];
		size_t len = 0;
		char *got = NULL;
		sol_message_init(&m);
		for (size_t i = 0; !rc && i < tx.msg.instructions_len; i++)
			rc = sol_message_instruction(&ixs[i], &tx.msg, i, (const uint8_t(*)[32])tx.msg.keys,
						     tx.msg.keys_len, &e);
		if (!rc)
			rc = sol_message_compile(&m, SOL_MESSAGE_LEGACY, payer, blockhash, ixs, tx.msg.instructions_len,
						 NULL, 0, &e);
		if (!rc)
			rc = sol_message_serialize(buf, sizeof buf, &len, &m, &e);
		if (!rc)
			got = b64(buf, len);
		is_str(got, str(ref, "message"), "classic-transaction: its instructions compile to spl-transfer-legacy");
		free(got);
		sol_instructions_release(ixs, MAX_IXS);
		sol_message_release(&m);
	}
	sol_tx_release(&tx);
}

static void signing_rules(void)
{
	const cJSON *c = find_case("spl-transfer-legacy");
	struct sol_tx tx;
	struct error e = {0};
	uint8_t wire[SOL_PACKET_MAX];
	size_t len;
	char text[SOL_TX_BASE64_MAX], id[SOL_SIGNATURE_BASE58_MAX];

	sol_tx_init(&tx);
	/* a server's transaction: the fee payer's slot left empty */
	if (sol_tx_parse_base64(&tx, str(c, "tx"), &e)) {
		ok(0, "spl-transfer-legacy parses");
		return;
	}
	memset(tx.signatures[0], 0, SOL_SIG_LEN);
	ok(sol_tx_verify(&tx, false, &e) == 0, "a partly signed transaction verifies what it has");
	ok(sol_tx_verify(&tx, true, &e) == ERR_REFUSED && strstr(e.msg, "missing"),
	   "... and is refused when all are required (%s)", e.msg);
	ok(sol_tx_id(id, sizeof id, &tx, &e) == ERR_USAGE, "no id without the fee payer's signature");
	ok(sol_tx_sign(&tx, seed_recipient, &e) == ERR_NOTFOUND && strstr(e.msg, "does not ask"),
	   "a key that is not a signer is not used (%s)", e.msg);
	ok(sol_tx_sign(&tx, seed_payer, &e) == 0 && sol_tx_verify(&tx, true, &e) == 0,
	   "the fee payer signs the server's transaction");
	ok(sol_tx_base64(text, sizeof text, &tx, &e) == 0 && strcmp(text, str(c, "tx")) == 0,
	   "... which then equals web3.js's");
	size_t idx = 99;
	ok(sol_tx_signer_index(&idx, &tx, cosigner, &e) == 0 && idx == 1, "the cosigner signs in slot 1");

	/* a signature over other bytes is refused */
	tx.signatures[1][5] ^= 1;
	ok(sol_tx_verify(&tx, false, &e) == ERR_REFUSED && strstr(e.msg, "signature 1"),
	   "a damaged signature is refused (%s)", e.msg);
	tx.signatures[1][5] ^= 1;
	/* a changed amount: the message still decodes, the signatures fail */
	if (sol_tx_serialize(wire, sizeof wire, &len, &tx, &e) == 0) {
		struct sol_tx t2;
		sol_tx_init(&t2);
		size_t pos = len - 1 - 13 - 1 - 1 - 1 - 9; /* the transfer_checked amount's first byte */
		wire[pos] ^= 0x40;
		ok(sol_tx_parse(&t2, wire, len, &e) == 0 && sol_tx_verify(&t2, false, &e) == ERR_REFUSED,
		   "a changed amount decodes but fails verification (%s)", e.msg);
		ok(sol_tx_check_message(&t2, tx.message, tx.message_len, &e) == ERR_REFUSED,
		   "... and differs from the message shown");
		sol_tx_release(&t2);
	}
	sol_tx_release(&tx);
}

static void build_errors(void)
{
	struct sol_instruction ix = {0};
	struct sol_message m;
	struct error e = {0};

	sol_message_init(&m);
	if (sol_program_system_transfer(&ix, payer, recipient, 1, NULL) == 0) {
		struct sol_lookup_table t = {{0}, NULL, 0};
		ok(sol_message_compile(&m, SOL_MESSAGE_LEGACY, payer, blockhash, &ix, 1, &t, 1, &e) == ERR_USAGE,
		   "a legacy message cannot use lookup tables (%s)", e.msg);
		ok(sol_message_compile(&m, 1, payer, blockhash, &ix, 1, NULL, 0, &e) == ERR_USAGE,
		   "version 1 is refused (%s)", e.msg);
		/* the fee payer as a program */
		struct sol_instruction bad = {0};
		sol_instruction_init(&bad, payer);
		ok(sol_message_compile(&m, 0, payer, blockhash, &bad, 1, NULL, 0, &e) == ERR_USAGE &&
			   strstr(e.msg, "fee payer"),
		   "the fee payer cannot be a program (%s)", e.msg);
		sol_instruction_release(&bad);
	}
	/* 257 distinct accounts */
	{
		struct sol_instruction big = {0};
		int rc = 0;
		sol_instruction_init(&big, sol_program_id_memo);
		for (int i = 0; i < 300 && !rc; i++) {
			uint8_t k[32] = {0};
			k[0] = (uint8_t)i;
			k[1] = (uint8_t)(i >> 8);
			k[2] = 0x77;
			rc = sol_instruction_add_account(&big, k, false, false, &e);
		}
		ok(sol_message_compile(&m, 0, payer, blockhash, &big, 1, NULL, 0, &e) == ERR_USAGE &&
			   strstr(e.msg, "256"),
		   "more than 256 accounts are refused (%s)", e.msg);
		sol_instruction_release(&big);
	}
	/* too long for a packet */
	{
		struct sol_instruction big = {0};
		struct sol_tx tx;
		uint8_t data[1200] = {0};
		sol_tx_init(&tx);
		if (sol_program_memo(&big, "x", NULL, 0, NULL) == 0 &&
		    sol_instruction_set_data(&big, data, sizeof data, NULL) == 0 &&
		    sol_message_compile(&m, 0, payer, blockhash, &big, 1, NULL, 0, &e) == 0)
			ok(sol_tx_from_message(&tx, &m, &e) == ERR_USAGE && strstr(e.msg, "1232"),
			   "a transaction over 1232 bytes is refused (%s)", e.msg);
		else
			ok(0, "a long message compiles");
		sol_instruction_release(&big);
		sol_tx_release(&tx);
	}
	ok(sol_program_memo(&ix, "\xc3(", NULL, 0, &e) == ERR_USAGE, "a memo that is not UTF-8 is refused");
	ok(sol_program_token_transfer_checked(&ix, sol_program_id_system, payer, mint, recipient, payer, 1, 6, &e) ==
		   ERR_USAGE,
	   "transfer_checked refuses a program that is not Token or Token-2022");
	ok(sol_program_ata_create_idempotent(&ix, payer, recipient, mint, sol_program_id_memo, &e) == ERR_USAGE,
	   "create_idempotent refuses a program that is not Token or Token-2022");
	sol_instruction_release(&ix);
	sol_message_release(&m);
}

/* The decoder refuses malformed instructions of known programs. */
static void decode_errors(void)
{
	struct sol_instruction ix = {0};
	struct sol_call call;
	struct error e = {0};
	uint8_t other[32];

	if (sol_program_system_transfer(&ix, payer, recipient, 5, NULL))
		return;
	ix.accounts[0].is_signer = false;
	ok(sol_program_decode(&call, &ix, &e) == ERR_USAGE && strstr(e.msg, "does not sign"),
	   "a system transfer whose sender does not sign is refused (%s)", e.msg);
	ix.accounts[0].is_signer = true;
	ix.data_len = 11;
	ok(sol_program_decode(&call, &ix, &e) == ERR_USAGE && strstr(e.msg, "11 bytes"),
	   "a short system transfer is refused (%s)", e.msg);
	ix.data_len = 12;
	ok(sol_program_decode(&call, &ix, &e) == 0 && call.kind == SOL_CALL_SYSTEM_TRANSFER && call.amount == 5,
	   "a system transfer decodes");
	if (sol_program_ata_create_idempotent(&ix, payer, recipient, mint, sol_program_id_token, NULL) == 0) {
		memcpy(other, ix.accounts[1].pubkey, 32);
		ix.accounts[1].pubkey[0] ^= 1;
		ok(sol_program_decode(&call, &ix, &e) == ERR_USAGE && strstr(e.msg, "associated"),
		   "an ATA create for another address is refused (%s)", e.msg);
		memcpy(ix.accounts[1].pubkey, other, 32);
		ok(sol_program_decode(&call, &ix, &e) == 0 && call.kind == SOL_CALL_ATA_CREATE_IDEMPOTENT,
		   "an ATA create_idempotent decodes");
	}
	if (sol_program_compute_unit_price(&ix, 77, NULL) == 0) {
		ok(sol_program_decode(&call, &ix, &e) == 0 && call.kind == SOL_CALL_COMPUTE_UNIT_PRICE && call.amount == 77,
		   "a compute unit price decodes");
		ix.data_len = 5;
		ok(sol_program_decode(&call, &ix, &e) == ERR_USAGE, "a short compute unit price is refused");
	}
	sol_instruction_release(&ix);
	sol_instruction_init(&ix, other);
	ok(sol_program_decode(&call, &ix, &e) == 0 && call.kind == SOL_CALL_UNKNOWN,
	   "another program's instruction is unknown, not an error");
	sol_instruction_release(&ix);
}

int main(void)
{
	char *text = tap_slurp("tests/fixtures/solana/messages.json");
	struct sol_instruction ixs[MAX_IXS] = {0};
	size_t n;

	root = cJSON_Parse(text);
	if (!root) {
		printf("Bail out! messages.json does not parse\n");
		return 1;
	}
	load_keys();

	ok(sol_program_system_transfer(&ixs[0], payer, recipient, 1234567, NULL) == 0, "system transfer builds");
	check_case("sol-transfer-legacy", SOL_MESSAGE_LEGACY, ixs, 1);
	check_case("sol-transfer-v0", 0, ixs, 1);
	sol_instructions_release(ixs, MAX_IXS);

	n = token_transfer(ixs, sol_program_id_token, mint, 1500000, 6);
	ok(sol_program_memo(&ixs[n++], "depinctl test", (const uint8_t(*)[32]) & cosigner, 1, NULL) == 0, "memo builds");
	check_case("spl-transfer-legacy", SOL_MESSAGE_LEGACY, ixs, n);
	sol_instructions_release(ixs, MAX_IXS);

	n = token_transfer(ixs, sol_program_id_token_2022, mint22, 42, 9);
	check_case("spl2022-transfer-v0", 0, ixs, n);
	sol_instructions_release(ixs, MAX_IXS);

	ok(sol_program_system_create_account(&ixs[0], payer, newaccount, 2039280, 165, sol_program_id_token, NULL) == 0,
	   "create account builds");
	check_case("create-account-legacy", SOL_MESSAGE_LEGACY, ixs, 1);
	sol_instructions_release(ixs, MAX_IXS);

	n = token_transfer(ixs, sol_program_id_token, mint, 777, 6);
	ok(sol_program_system_transfer(&ixs[n++], payer, recipient, 5000, NULL) == 0, "system transfer builds");
	check_case("lookup-v0", 0, ixs, n);
	sol_instructions_release(ixs, MAX_IXS);

	{
		const enum sol_call_kind k1[] = {SOL_CALL_SYSTEM_TRANSFER};
		const uint64_t a1[] = {1234567};
		check_calls("sol-transfer-v0", k1, 1, a1);
		const enum sol_call_kind k2[] = {SOL_CALL_COMPUTE_UNIT_LIMIT, SOL_CALL_COMPUTE_UNIT_PRICE,
						 SOL_CALL_ATA_CREATE_IDEMPOTENT, SOL_CALL_TOKEN_TRANSFER_CHECKED,
						 SOL_CALL_MEMO};
		const uint64_t a2[] = {200000, 5000, 0, 1500000, 0};
		check_calls("spl-transfer-legacy", k2, 5, a2);
		check_calls("classic-transaction", k2, 5, a2);
		const uint64_t a3[] = {200000, 5000, 0, 777, 5000};
		const enum sol_call_kind k3[] = {SOL_CALL_COMPUTE_UNIT_LIMIT, SOL_CALL_COMPUTE_UNIT_PRICE,
						 SOL_CALL_ATA_CREATE_IDEMPOTENT, SOL_CALL_TOKEN_TRANSFER_CHECKED,
						 SOL_CALL_SYSTEM_TRANSFER};
		check_calls("lookup-v0", k3, 5, a3);
		const enum sol_call_kind k4[] = {SOL_CALL_SYSTEM_CREATE_ACCOUNT};
		const uint64_t a4[] = {2039280};
		check_calls("create-account-legacy", k4, 1, a4);
	}
	classic_transaction();
	signing_rules();
	build_errors();
	decode_errors();

	cJSON_Delete(root);
	free(text);
	return tap_done();
}
