/* The Solana decoder on hostile input: truncated messages, indexes out of
 * range, header counts beyond the keys, trailing bytes, bad lookups, bad
 * transaction framing and text, then a few thousand random mutations of the
 * fixtures' transactions. Each is refused with a message, never a crash;
 * whatever is accepted re-encodes to the same bytes. */
#include "config.h"

#include <sodium.h>
#include <cjson/cJSON.h>

#include "tap.h"
#include "hex.h"
#include "chains/solana/message.h"
#include "chains/solana/tx.h"
#include "chains/solana/programs.h"

#define TABLE "9999999999999999999999999999999999999999999999999999999999999999"

/* A message from parts: an optional version byte, the header, nkeys keys
 * (key i is 32 bytes of i + 1), a blockhash, then the hex of the
 * instructions (count first) and, for v0, of the lookups (count first). */
static size_t raw(uint8_t *out, size_t cap, int version, unsigned nsig, unsigned nro_sig, unsigned nro,
		  const char *nkeys_hex, unsigned nkeys, const char *ixs_hex, const char *lookups_hex)
{
	size_t n = 0, k;
	if (version >= 0)
		out[n++] = (uint8_t)(0x80 | version);
	out[n++] = (uint8_t)nsig;
	out[n++] = (uint8_t)nro_sig;
	out[n++] = (uint8_t)nro;
	if (hex_decode(out + n, cap - n, &k, nkeys_hex))
		return 0;
	n += k;
	for (unsigned i = 0; i < nkeys; i++, n += 32)
		memset(out + n, (int)(i + 1), 32);
	memset(out + n, 0x42, 32);
	n += 32;
	if (hex_decode(out + n, cap - n, &k, ixs_hex))
		return 0;
	n += k;
	if (lookups_hex) {
		if (hex_decode(out + n, cap - n, &k, lookups_hex))
			return 0;
		n += k;
	}
	return n;
}

/* An instruction list: one instruction, program 2, accounts 0 and 1, 3 bytes of data. */
#define IXS "010202000103aabbcc"

static void refused(const uint8_t *b, size_t n, const char *want, const char *what)
{
	struct sol_message m;
	struct error e = {0};
	int rc;

	sol_message_init(&m);
	rc = sol_message_parse(&m, b, n, &e);
	ok(rc == ERR_USAGE && strstr(e.msg, want) && m.keys == NULL && m.instructions == NULL,
	   "refuses %s (%s)", what, e.msg);
	sol_message_release(&m);
}

static void accepted(const uint8_t *b, size_t n, const char *what)
{
	struct sol_message m;
	struct error e = {0};
	uint8_t again[SOL_PACKET_MAX];
	size_t len = 0;
	int rc;

	sol_message_init(&m);
	rc = sol_message_parse(&m, b, n, &e);
	if (!rc)
		rc = sol_message_serialize(again, sizeof again, &len, &m, &e);
	ok(rc == 0 && len == n && memcmp(again, b, n) == 0, "accepts %s and re-encodes it (%s)", what, e.msg);
	sol_message_release(&m);
}

static void legacy_cases(void)
{
	uint8_t b[2048];
	size_t n;

	n = raw(b, sizeof b, -1, 1, 0, 1, "03", 3, IXS, NULL);
	accepted(b, n, "a well-formed legacy message");
	/* every truncation is refused */
	{
		int all = 1;
		for (size_t cut = 0; cut < n; cut++) {
			struct sol_message m;
			struct error e = {0};
			sol_message_init(&m);
			if (sol_message_parse(&m, b, cut, &e) != ERR_USAGE || !e.msg[0] || m.keys)
				all = 0;
			sol_message_release(&m);
		}
		ok(all, "refuses each of the %zu truncations of a legacy message", n);
	}
	b[n] = 0;
	refused(b, n + 1, "1 trailing bytes", "a trailing byte");

	n = raw(b, sizeof b, -1, 1, 0, 1, "03", 3, "010202000303aabbcc", NULL);
	refused(b, n, "account 1 index 3 is out of range (3 accounts)", "an account index out of range");
	n = raw(b, sizeof b, -1, 1, 0, 1, "03", 3, "01ff02000103aabbcc", NULL);
	refused(b, n, "program index 255 is out of range", "a program index out of range");
	n = raw(b, sizeof b, -1, 1, 0, 1, "03", 3, "010002000103aabbcc", NULL);
	refused(b, n, "fee payer", "the fee payer as a program");
	n = raw(b, sizeof b, -1, 4, 0, 0, "03", 3, IXS, NULL);
	refused(b, n, "header counts 4 signers", "more signers than keys");
	n = raw(b, sizeof b, -1, 1, 0, 3, "03", 3, IXS, NULL);
	refused(b, n, "3 read-only unsigned", "signers and read-only accounts overlapping");
	n = raw(b, sizeof b, -1, 100, 0, 100, "03", 3, IXS, NULL);
	refused(b, n, "header counts 100", "header counts far beyond the keys");
	/* a first byte of 128 or more is a version prefix, never a legacy header */
	n = raw(b, sizeof b, -1, 200, 0, 0, "03", 3, IXS, NULL);
	refused(b, n, "version 72 is not supported", "a legacy header with 200 signers");
	n = raw(b, sizeof b, -1, 1, 1, 1, "03", 3, IXS, NULL);
	refused(b, n, "no writable signer", "a read-only fee payer");
	n = raw(b, sizeof b, -1, 0, 0, 1, "03", 3, IXS, NULL);
	refused(b, n, "no signature", "a message with no signer");
	n = raw(b, sizeof b, -1, 1, 0, 0, "00", 0, "00", NULL);
	refused(b, n, "no account keys", "a message with no keys");
	n = raw(b, sizeof b, -1, 1, 0, 1, "ffff03", 3, IXS, NULL);
	refused(b, n, "truncated in the account keys", "a key count of 65535");
	n = raw(b, sizeof b, -1, 1, 0, 1, "8300", 3, IXS, NULL);
	refused(b, n, "not canonical", "a non-canonical key count");
	n = raw(b, sizeof b, -1, 1, 0, 1, "03", 3, "ffff03", NULL);
	refused(b, n, "truncated in the instructions", "an instruction count of 65535");
	n = raw(b, sizeof b, -1, 1, 0, 1, "03", 3, "0102ffff03", NULL);
	refused(b, n, "truncated in an instruction's accounts", "an account list of 65535");
	n = raw(b, sizeof b, -1, 1, 0, 1, "03", 3, "010202000180ff01", NULL);
	refused(b, n, "truncated in an instruction's data", "instruction data longer than the message");
	n = raw(b, sizeof b, -1, 1, 0, 1, "03", 3, "", NULL);
	refused(b, n, "the instruction count", "a message without its instruction count");
	/* a repeated key */
	n = raw(b, sizeof b, -1, 1, 0, 1, "03", 3, IXS, NULL);
	memset(b + 3 + 1 + 64, 2, 32);
	refused(b, n, "account key 2 repeats account key 1", "a repeated account key");
	/* longer than a transaction can be */
	memset(b, 0, sizeof b);
	refused(b, SOL_PACKET_MAX + 1, "longer than a transaction", "a message over 1232 bytes");
	refused(b, 0, "truncated in the header", "an empty message");
	/* no instruction at all is valid (Solana accepts it) */
	n = raw(b, sizeof b, -1, 1, 0, 0, "01", 1, "00", NULL);
	accepted(b, n, "a message with no instruction");
}

static void v0_cases(void)
{
	uint8_t b[2048];
	size_t n;
	/* one lookup: table 99..99, writable index 5, read-only index 7 */
	const char *lookup = "01" TABLE "0105" "0107";

	n = raw(b, sizeof b, 0, 1, 0, 1, "03", 3, IXS, "00");
	accepted(b, n, "a v0 message without lookups");
	n = raw(b, sizeof b, 0, 1, 0, 1, "03", 3, "0102040001030403aabbcc", lookup);
	accepted(b, n, "a v0 message using two loaded accounts");
	{
		int all = 1;
		for (size_t cut = 0; cut < n; cut++) {
			struct sol_message m;
			struct error e = {0};
			sol_message_init(&m);
			if (sol_message_parse(&m, b, cut, &e) != ERR_USAGE || !e.msg[0] || m.lookups)
				all = 0;
			sol_message_release(&m);
		}
		ok(all, "refuses each of the %zu truncations of a v0 message", n);
	}
	/* roles of loaded accounts */
	{
		struct sol_message m;
		sol_message_init(&m);
		if (sol_message_parse(&m, b, n, NULL) == 0)
			ok(sol_message_account_count(&m) == 5 && sol_message_is_writable(&m, 3) &&
				   !sol_message_is_writable(&m, 4) && !sol_message_is_signer(&m, 3) &&
				   sol_message_is_writable(&m, 0) && sol_message_is_signer(&m, 0) &&
				   sol_message_is_writable(&m, 1) && !sol_message_is_writable(&m, 2) &&
				   !sol_message_is_writable(&m, 5),
			   "roles: static by the header, loaded by the lookup");
		else
			ok(0, "roles: the v0 message parses");
		/* resolution against the table's contents */
		uint8_t addrs[8][32], keys[8][32];
		struct sol_lookup_table t;
		struct error e = {0};
		for (int i = 0; i < 8; i++)
			memset(addrs[i], 0xa0 + i, 32);
		memset(t.key, 0x99, 32);
		t.addresses = (const uint8_t(*)[32])addrs;
		t.addresses_len = 8;
		ok(sol_message_resolve(keys, 8, &m, &t, 1, &e) == 0 && keys[3][0] == 0xa5 && keys[4][0] == 0xa7 &&
			   keys[2][0] == 3,
		   "resolves loaded accounts to the table's addresses 5 and 7 (%s)", e.msg);
		t.addresses_len = 6;
		ok(sol_message_resolve(keys, 8, &m, &t, 1, &e) == ERR_USAGE &&
			   strstr(e.msg, "index 7 is beyond the table's 6 addresses"),
		   "refuses a lookup index beyond the table (%s)", e.msg);
		t.addresses_len = 8;
		memset(addrs[5], 1, 32);
		ok(sol_message_resolve(keys, 8, &m, &t, 1, &e) == ERR_USAGE && strstr(e.msg, "repeats"),
		   "refuses a loaded account that repeats a static key (%s)", e.msg);
		ok(sol_message_resolve(keys, 8, &m, NULL, 0, &e) == ERR_NOTFOUND && strstr(e.msg, "not provided"),
		   "refuses a lookup whose table is not given (%s)", e.msg);
		ok(sol_message_resolve(keys, 4, &m, &t, 1, &e) == ERR_USAGE, "refuses too small an output");
		struct sol_instruction ix = {0};
		ok(sol_message_instruction(&ix, &m, 0, (const uint8_t(*)[32])m.keys, m.keys_len, &e) == ERR_USAGE &&
			   strstr(e.msg, "resolve the lookup tables"),
		   "decompiling needs the loaded accounts (%s)", e.msg);
		ok(sol_message_instruction(&ix, &m, 1, (const uint8_t(*)[32])m.keys, m.keys_len, &e) == ERR_USAGE,
		   "refuses an instruction the message does not have");
		sol_instruction_release(&ix);
		sol_message_release(&m);
	}
	n = raw(b, sizeof b, 0, 1, 0, 1, "03", 3, "01020300010503aabbcc", lookup);
	refused(b, n, "index 5 is out of range (5 accounts)", "an account index past the loaded accounts");
	n = raw(b, sizeof b, 0, 1, 0, 1, "03", 3, "010302000103aabbcc", lookup);
	refused(b, n, "program index 3 is out of range (3 static keys)", "a program loaded from a table");
	n = raw(b, sizeof b, 0, 1, 0, 1, "03", 3, IXS, "01" TABLE "0000");
	refused(b, n, "loads no account", "a lookup that loads nothing");
	n = raw(b, sizeof b, 0, 1, 0, 1, "03", 3, IXS, "02" TABLE "0105" "00");
	refused(b, n, "truncated in the address table lookups", "a lookup count beyond the data");
	n = raw(b, sizeof b, 0, 1, 0, 1, "03", 3, IXS, "01" TABLE "05" "0102");
	refused(b, n, "truncated in a lookup's writable indexes", "lookup indexes beyond the data");
	n = raw(b, sizeof b, 0, 1, 0, 1, "03", 3, IXS, "01" TABLE "0105" "0107" "00");
	refused(b, n, "1 trailing bytes", "a v0 message with a trailing byte");
	n = raw(b, sizeof b, 0, 1, 0, 1, "03", 3, IXS, NULL);
	refused(b, n, "the lookup count", "a v0 message without its lookup count");
	n = raw(b, sizeof b, 1, 1, 0, 1, "03", 3, IXS, "00");
	refused(b, n, "version 1 is not supported", "message version 1");
	n = raw(b, sizeof b, 127, 1, 0, 1, "03", 3, IXS, "00");
	refused(b, n, "version 127 is not supported", "message version 127");
	/* 3 static and 254 loaded accounts: 257 */
	{
		char big[2 * (1 + 32 + 2 + 254 + 1) + 1];
		size_t o = 0;
		o += (size_t)sprintf(big + o, "01%sfe01", TABLE);
		for (int i = 0; i < 254; i++)
			o += (size_t)sprintf(big + o, "%02x", i);
		sprintf(big + o, "00");
		n = raw(b, sizeof b, 0, 1, 0, 1, "03", 3, IXS, big);
		refused(b, n, "257 accounts, more than 256", "more than 256 accounts");
	}
}

static void tx_cases(void)
{
	uint8_t b[2048], msg[512];
	size_t mn = raw(msg, sizeof msg, -1, 1, 0, 1, "03", 3, IXS, NULL), n;
	struct sol_tx tx;
	struct error e = {0};

	sol_tx_init(&tx);
	/* one slot, a zero signature: parses, verify says it is missing */
	b[0] = 1;
	memset(b + 1, 0, 64);
	memcpy(b + 65, msg, mn);
	n = 65 + mn;
	ok(sol_tx_parse(&tx, b, n, &e) == 0 && tx.signatures_len == 1, "accepts an unsigned transaction (%s)", e.msg);
	ok(sol_tx_verify(&tx, true, &e) == ERR_REFUSED, "verify says its signature is missing");
	b[1] = 1;
	ok(sol_tx_parse(&tx, b, n, &e) == 0 && sol_tx_verify(&tx, false, &e) == ERR_REFUSED,
	   "a signature of garbage parses and fails verification (%s)", e.msg);
	b[1] = 0;
	b[0] = 2;
	ok(sol_tx_parse(&tx, b, n, &e) == ERR_USAGE && tx.message == NULL,
	   "refuses 2 signatures for 1 signer (%s)", e.msg);
	b[0] = 0;
	ok(sol_tx_parse(&tx, b, n, &e) == ERR_USAGE && strstr(e.msg, "no signature"),
	   "refuses no signature slot (%s)", e.msg);
	b[0] = 0x81;
	b[1] = 0x00;
	ok(sol_tx_parse(&tx, b, n, &e) == ERR_USAGE && strstr(e.msg, "canonical"),
	   "refuses a non-canonical signature count (%s)", e.msg);
	b[0] = 20;
	ok(sol_tx_parse(&tx, b, n, &e) == ERR_USAGE && strstr(e.msg, "truncated in its 20 signatures"),
	   "refuses more signatures than bytes (%s)", e.msg);
	b[0] = 1;
	b[1] = 0;
	ok(sol_tx_parse(&tx, b, 0, &e) == ERR_USAGE, "refuses an empty transaction (%s)", e.msg);
	ok(sol_tx_parse(&tx, b, 64, &e) == ERR_USAGE, "refuses a transaction cut in its signature (%s)", e.msg);
	b[n] = 0;
	ok(sol_tx_parse(&tx, b, n + 1, &e) == ERR_USAGE && strstr(e.msg, "trailing"),
	   "refuses a trailing byte after the message (%s)", e.msg);
	{
		uint8_t big[SOL_PACKET_MAX + 1] = {1};
		ok(sol_tx_parse(&tx, big, sizeof big, &e) == ERR_USAGE && strstr(e.msg, "1232"),
		   "refuses a transaction over 1232 bytes (%s)", e.msg);
	}
	/* text forms */
	{
		char t[SOL_TX_BASE64_MAX + 8];
		sodium_bin2base64(t, sizeof t, b, n, sodium_base64_VARIANT_ORIGINAL);
		ok(sol_tx_parse_base64(&tx, t, &e) == 0, "base64 of it parses");
		size_t l = strlen(t);
		t[l] = '\n';
		t[l + 1] = '\0';
		ok(sol_tx_parse_base64(&tx, t, &e) == ERR_USAGE && strstr(e.msg, "base64"), "refuses base64 with a newline");
		t[l] = '\0';
		t[3] = '*';
		ok(sol_tx_parse_base64(&tx, t, &e) == ERR_USAGE, "refuses a character outside base64");
		ok(sol_tx_parse_base64(&tx, "", &e) == ERR_USAGE, "refuses empty base64 (%s)", e.msg);
		memset(t, 'A', SOL_TX_BASE64_MAX + 4);
		t[SOL_TX_BASE64_MAX + 4] = '\0';
		ok(sol_tx_parse_base64(&tx, t, &e) == ERR_USAGE && strstr(e.msg, "longer"),
		   "refuses base64 too long (%s)", e.msg);
		ok(sol_tx_parse_base58(&tx, "3Bxs4Bc0", &e) == ERR_USAGE, "refuses a 0 in base58 (%s)", e.msg);
		char *huge = malloc(100001);
		memset(huge, 'z', 100000);
		huge[100000] = '\0';
		ok(sol_tx_parse_base58(&tx, huge, &e) == ERR_USAGE && strstr(e.msg, "longer"),
		   "refuses 100000 characters of base58 before decoding (%s)", e.msg);
		free(huge);
	}
	sol_tx_release(&tx);
}

/* xorshift64*, fixed seed: the same mutations on every run */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static void fuzz(void)
{
	char *text = tap_slurp("tests/fixtures/solana/messages.json");
	cJSON *root = cJSON_Parse(text);
	const cJSON *c;
	uint8_t txs[16][SOL_PACKET_MAX];
	size_t lens[16], ntx = 0;
	int parsed = 0, refused_n = 0, silent = 0, mismatch = 0, decoded = 0, verified = 0;

	cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "cases"))
	{
		const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(c, "tx"));
		if (ntx < 16 && t &&
		    sodium_base642bin(txs[ntx], SOL_PACKET_MAX, t, strlen(t), NULL, &lens[ntx], NULL,
				      sodium_base64_VARIANT_ORIGINAL) == 0)
			ntx++;
	}
	ok(ntx >= 7, "%zu fixture transactions to mutate", ntx);
	for (int iter = 0; iter < 20000 && ntx; iter++) {
		uint8_t b[SOL_PACKET_MAX + 8], out[SOL_PACKET_MAX];
		size_t k = rnd() % ntx, n = lens[k], len;
		memcpy(b, txs[k], n);
		int muts = 1 + (int)(rnd() % 4);
		for (int j = 0; j < muts && n > 0; j++) {
			size_t at = rnd() % n;
			switch (rnd() % 6) {
			case 0: b[at] = (uint8_t)rnd(); break;
			case 1: b[at] ^= (uint8_t)(1u << (rnd() % 8)); break;
			case 2: n = at; break;
			case 3:
				if (n < sizeof b) {
					memmove(b + at + 1, b + at, n - at);
					b[at] = (uint8_t)rnd();
					n++;
				}
				break;
			case 4:
				memmove(b + at, b + at + 1, n - at - 1);
				n--;
				break;
			default: b[at] = (uint8_t)(rnd() % 4); break; /* small values hit counts and indexes */
			}
		}
		struct sol_tx tx;
		struct error e = {0};
		sol_tx_init(&tx);
		if (sol_tx_parse(&tx, b, n, &e) == 0) {
			parsed++;
			if (sol_tx_serialize(out, sizeof out, &len, &tx, &e) || len != n || memcmp(out, b, n) ||
			    sol_message_check(&tx.msg, &e))
				mismatch++;
			/* decompile and decode what needs no table */
			if (tx.msg.lookups_len == 0) {
				for (size_t i = 0; i < tx.msg.instructions_len; i++) {
					struct sol_instruction ix = {0};
					struct sol_call call;
					if (sol_message_instruction(&ix, &tx.msg, i, (const uint8_t(*)[32])tx.msg.keys,
								    tx.msg.keys_len, &e) == 0) {
						if (sol_program_decode(&call, &ix, &e) == 0)
							decoded++;
					} else {
						mismatch++;
					}
					sol_instruction_release(&ix);
				}
			}
			if (sol_tx_verify(&tx, false, &e) == 0)
				verified++;
		} else {
			refused_n++;
			if (!e.msg[0] || tx.message || tx.signatures)
				silent++;
		}
		sol_tx_release(&tx);
	}
	ok(mismatch == 0, "%d mutated transactions accepted, each re-encodes to its bytes", parsed);
	ok(silent == 0, "%d refused, each with a message", refused_n);
	ok(parsed > 0 && refused_n > 0 && decoded > 0,
	   "the mutations reach both outcomes (%d instructions decoded, %d signatures still verify)", decoded,
	   verified);
	cJSON_Delete(root);
	free(text);
}

int main(void)
{
	legacy_cases();
	v0_cases();
	tx_cases();
	fuzz();
	return tap_done();
}
