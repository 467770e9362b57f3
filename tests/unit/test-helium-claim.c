/* Helium claims: the layouts, PDAs, instruction bytes and the oracle checks
 * offline (TAP); and, as `test-helium-claim claim ...`, a driver of
 * helium_claim_prepare / helium_claim_execute for
 * tests/integration/helium-claim.sh until `depinctl claim --network helium`
 * is wired to the adapter:
 *
 *   test-helium-claim claim CONFIG HOME SEED_HEX (--all | ASSET...) [--dry-run] [--tx FILE]
 *
 * prints one JSON document: {"code", "error", "summary", "ntx", "tx_bytes",
 * "fee", "lines": [{device, amount, note, skip, txid, status, error}]};
 * --tx FILE writes the built transactions (unsigned, base64, one a line)
 * before anything is signed. Exit code: the claim's (0, or -code). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "tap.h"
#include "base58.h"
#include "conf.h"
#include "journal.h"
#include "chains/solana/anchor.h"
#include "chains/solana/tx.h"
#include "networks/helium/claim.h"
#include "networks/helium/lazy.h"
#include "networks/helium/oracle.h"

/* ---- the driver --------------------------------------------------------------- */

/* claim.c's test hook: the built transactions, unsigned, base64. */
int helium_claim_dump(const struct net_claim *c, FILE *f);

static void progress(void *arg, size_t done, size_t total)
{
	(void)arg;
	fprintf(stderr, "progress %zu/%zu\n", done, total);
}

static int drive(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: test-helium-claim claim CONFIG HOME SEED_HEX (--all | ASSET...) [--dry-run] [--tx FILE]\n");
		return 2;
	}
	struct conf conf;
	struct error e = {0, ""};
	struct net_env env;
	struct journal *j = NULL;
	struct net_claim c;
	uint8_t seed[32], pk[32], sk[64];
	char owner[64];
	const char *devices[2048];
	size_t nd = 0;
	int all = 0, dry = 0, rc;
	const char *txfile = NULL;
	if (sodium_hex2bin(seed, 32, argv[4], strlen(argv[4]), NULL, NULL, NULL) != 0)
		return 2;
	crypto_sign_seed_keypair(pk, sk, seed);
	if (base58_encode(owner, sizeof owner, pk, 32))
		return 2;
	for (int i = 5; i < argc; i++) {
		if (!strcmp(argv[i], "--all"))
			all = 1;
		else if (!strcmp(argv[i], "--dry-run"))
			dry = 1;
		else if (!strcmp(argv[i], "--tx") && i + 1 < argc)
			txfile = argv[++i];
		else if (nd < 2048)
			devices[nd++] = argv[i];
	}
	if ((rc = conf_load(&conf, argv[2], 1, &e)) || (rc = net_env_init(&env, &conf, argv[3], 0, &e))) {
		printf("{\"code\": %d, \"error\": \"%s\"}\n", rc, e.msg);
		return -rc;
	}
	net_claim_init(&c, NULL, &env);
	if ((rc = journal_open(&j, argv[3], &e)))
		goto out;
	c.journal = j;
	c.network = "solana";
	c.progress = progress;
	struct net_claim_request rq = {all, devices, nd, owner, NULL, dry};
	rc = helium_claim_prepare(&c, &rq, &e);
	if (!rc && txfile) {
		FILE *f = fopen(txfile, "w");
		if (f) {
			rc = helium_claim_dump(&c, f);
			fclose(f);
		}
	}
	if (!rc && !dry)
		rc = helium_claim_execute(&c, seed, &e);
out:;
	cJSON *doc = cJSON_CreateObject(), *lines = cJSON_AddArrayToObject(doc, "lines");
	cJSON_AddNumberToObject(doc, "code", rc);
	cJSON_AddStringToObject(doc, "error", rc ? e.msg : "");
	cJSON_AddStringToObject(doc, "owner", owner);
	cJSON_AddStringToObject(doc, "summary", c.summary);
	cJSON_AddNumberToObject(doc, "ntx", (double)c.ntx);
	cJSON_AddNumberToObject(doc, "tx_bytes", (double)c.tx_bytes);
	cJSON_AddStringToObject(doc, "fee", c.fee);
	for (size_t i = 0; i < c.nlines; i++) {
		const struct net_claim_line *l = &c.lines[i];
		cJSON *o = cJSON_CreateObject();
		char amt[96] = "";
		if (l->namount)
			net_money_format(amt, sizeof amt, &l->amount[0]);
		cJSON_AddStringToObject(o, "device", l->device);
		cJSON_AddStringToObject(o, "amount", amt);
		cJSON_AddStringToObject(o, "note", l->note);
		cJSON_AddNumberToObject(o, "skip", l->skip);
		cJSON_AddStringToObject(o, "txid", l->txid);
		cJSON_AddStringToObject(o, "status", l->txid[0] ? journal_status_name(l->status) : "");
		cJSON_AddStringToObject(o, "error", l->error);
		cJSON_AddItemToArray(lines, o);
	}
	char *s = cJSON_Print(doc);
	printf("%s\n", s);
	free(s);
	cJSON_Delete(doc);
	helium_claim_release(&c);
	net_claim_release(&c);
	journal_close(j);
	net_env_release(&env);
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(sk, sizeof sk);
	return rc < 0 ? -rc : rc;
}

/* ---- offline checks ----------------------------------------------------------------- */

static void key(uint8_t out[32], const char *b58)
{
	size_t len = 0;
	if (base58_decode(out, 32, &len, b58) || len != 32)
		memset(out, 0, 32);
}

static void test_pdas(void)
{
	uint8_t mint[32], ld[32], want[32], k[32];
	struct error e = {0, ""};
	key(mint, "hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux");
	ok(!helium_pda_lazy_distributor(ld, mint, &e), "lazy distributor PDA");
	/* the helium-oracle.js fixture derives it with web3.js: 6gcZXj... */
	key(want, "6gcZXjHgKUBMedc2V1aZLFPwh8M1rPVRw7kpo2KqNrFq");
	ok(!memcmp(ld, want, 32), "HNT's lazy distributor is web3.js's PDA");
	ok(!helium_pda_oracle_signer(k, &e), "oracle signer PDA");
	ok(!memcmp(helium_lazy_distributor_program, (uint8_t[32]){0x00, 0x26, 0x71, 0x8c}, 4), "program id bytes");
}

static void test_message(void)
{
	uint8_t ld[32], asset[32], m[HELIUM_ORACLE_MSG_LEN], ld2[32], a2[32];
	uint16_t idx;
	uint64_t amount;
	struct error e = {0, ""};
	memset(ld, 1, 32);
	memset(asset, 2, 32);
	helium_oracle_message(m, ld, 3, 0x0102030405060708ULL, asset);
	ok(!helium_oracle_message_parse(m, sizeof m, ld2, &idx, &amount, a2, &e), "message parses back");
	is_int(idx, 3, "oracle index");
	ok(amount == 0x0102030405060708ULL, "amount");
	ok(!memcmp(ld2, ld, 32) && !memcmp(a2, asset, 32), "keys");
	m[0] ^= 1;
	ok(helium_oracle_message_parse(m, sizeof m, ld2, &idx, &amount, a2, &e) == ERR_REFUSED,
	   "another discriminator refused: %s", e.msg);
}

static void test_ed25519(void)
{
	struct sol_instruction ix;
	struct error e = {0, ""};
	uint8_t pk[32], sig[64], msg[82];
	memset(pk, 7, 32);
	memset(sig, 8, 64);
	memset(msg, 9, 82);
	ok(!helium_ix_ed25519(&ix, pk, sig, msg, sizeof msg, &e), "ed25519 instruction");
	is_int(ix.data_len, 112 + 82, "its size");
	is_int(ix.accounts_len, 0, "no accounts");
	ok(ix.data[0] == 1 && ix.data[2] == 48 && ix.data[6] == 16 && ix.data[10] == 112 && ix.data[12] == 82 &&
	   ix.data[4] == 0xff && ix.data[5] == 0xff, "offsets as lazy_distributor checks them");
	ok(!memcmp(ix.data + 16, pk, 32) && !memcmp(ix.data + 48, sig, 64) && !memcmp(ix.data + 112, msg, 82),
	   "key, signature, message in place");
	sol_instruction_release(&ix);
}

static void test_tree(void)
{
	size_t depth = 10, buf = 64, canopy = 7;
	size_t len = 56 + 24 + buf * (40 + 32 * depth) + (32 * depth + 40) + 32 * (((size_t)2 << canopy) - 2);
	uint8_t *d = calloc(1, len);
	struct helium_tree t;
	struct error e = {0, ""};
	d[0] = 1;
	d[2] = (uint8_t)buf;
	d[6] = (uint8_t)depth;
	ok(!helium_tree_parse(&t, d, len, &e), "tree header: %s", e.msg);
	is_int(t.max_depth, 10, "depth");
	is_int(t.canopy_depth, 7, "canopy depth from the size");
	ok(helium_tree_parse(&t, d, len - 32, &e) == ERR_USAGE, "a canopy that is no full level refused");
	free(d);
}

static void test_breaker(void)
{
	struct helium_circuit_breaker cb = {{0}, 100, HELIUM_THRESHOLD_ABSOLUTE, 1000, 600, 1000};
	ok(helium_circuit_breaker_remaining(&cb, 0, 1000) == 400, "no time elapsed: 1000 - 600");
	ok(helium_circuit_breaker_remaining(&cb, 0, 1050) == 700, "half the window: 600 decays to 300");
	ok(helium_circuit_breaker_remaining(&cb, 0, 5000) == 1000, "after the window: all of it");
	cb.threshold_type = HELIUM_THRESHOLD_PERCENT;
	cb.threshold = UINT64_MAX / 2;
	cb.last_aggregated_value = 0;
	ok(helium_circuit_breaker_remaining(&cb, 1000000, 5000) == 499999, "percent of the escrow (u64::MAX scale)");
}

/* An oracle reply signed with sk for the given fields. */
static char *reply(const uint8_t pk[32], const uint8_t sk[64], const uint8_t ld[32], uint16_t idx, uint64_t amount,
		   const uint8_t asset[32], int tamper)
{
	uint8_t m[HELIUM_ORACLE_MSG_LEN], sig[64];
	char k[64], mb[200], sb[100];
	helium_oracle_message(m, ld, idx, amount, asset);
	crypto_sign_detached(sig, NULL, m, sizeof m, sk);
	if (tamper)
		sig[3] ^= 1;
	if (base58_encode(k, sizeof k, pk, 32))
		return NULL;
	sodium_bin2base64(mb, sizeof mb, m, sizeof m, sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2base64(sb, sizeof sb, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
	char *out = malloc(1024);
	snprintf(out, 1024, "{\"oracle\":\"%s\",\"messages\":[{\"serialized\":\"%s\",\"signature\":\"%s\"}]}", k, mb, sb);
	return out;
}

static void test_oracle(void)
{
	struct helium_lazy_distributor ld = {0};
	uint8_t ldk[32], asset[32], other[32], pk[32], sk[64], pk2[32], sk2[64];
	uint64_t total = 500;
	struct helium_oracle_sig s;
	struct error e = {0, ""};
	memset(ldk, 4, 32);
	memset(asset, 5, 32);
	memset(other, 6, 32);
	crypto_sign_keypair(pk, sk);
	crypto_sign_keypair(pk2, sk2);
	memcpy(ld.oracles[0].oracle, pk, 32);
	snprintf(ld.oracles[0].url, sizeof ld.oracles[0].url, "https://oracle.test");
	ld.noracles = 1;
	const uint8_t (*assets)[32] = (const uint8_t (*)[32])asset;
	char pkb[64], *nomsg = malloc(200);
	if (base58_encode(pkb, sizeof pkb, pk, 32))
		pkb[0] = '\0';
	snprintf(nomsg, 200, "{\"oracle\":\"%s\",\"messages\":[]}", pkb);
	char *r = reply(pk, sk, ldk, 0, 900, asset, 0);
	ok(!helium_oracle_sign_check(&s, r, strlen(r), &ld, ldk, 0, assets, &total, 1, &e), "a good message: %s", e.msg);
	ok(s.current_rewards == 900, "its amount");
	free(r);
	struct {
		const char *name, *want;
		char *body;
	} bad[] = {
		{"another asset", "is for asset", reply(pk, sk, ldk, 0, 900, other, 0)},
		{"below the on-chain total", "below the 500", reply(pk, sk, ldk, 0, 499, asset, 0)},
		{"an unknown oracle key", "does not list", reply(pk2, sk2, ldk, 0, 900, asset, 0)},
		{"a tampered signature", "does not verify", reply(pk, sk, ldk, 0, 900, asset, 1)},
		{"another lazy distributor", "lazy distributor", reply(pk, sk, other, 0, 900, asset, 0)},
		{"another oracle index", "oracle index", reply(pk, sk, ldk, 1, 900, asset, 0)},
		{"not JSON", "not a JSON", strdup("<html>")},
		{"no messages", "0 messages", nomsg},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = helium_oracle_sign_check(&s, bad[i].body, strlen(bad[i].body), &ld, ldk, 0, assets, &total, 1, &e);
		ok(rc != 0 && strstr(e.msg, bad[i].want), "%s refused: %s", bad[i].name, e.msg);
		free(bad[i].body);
	}
}

static void test_builders(void)
{
	struct sol_instruction ix;
	struct error e = {0, ""};
	uint8_t payer[32], ldk[32], rec[32], kta[32], d[8];
	struct helium_lazy_distributor ld = {0};
	struct helium_leaf leaf = {0};
	memset(payer, 1, 32);
	memset(ldk, 2, 32);
	memset(rec, 3, 32);
	memset(kta, 4, 32);
	key(ld.rewards_mint, "hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux");
	memset(ld.rewards_escrow, 5, 32);
	leaf.nproof = 3;
	ok(!helium_ix_set_current_rewards_v2(&ix, payer, ldk, rec, kta, 0, 42, &e), "wrapper v2");
	anchor_instruction_discriminator(d, "set_current_rewards_wrapper_v2");
	ok(ix.data_len == 18 && !memcmp(ix.data, d, 8), "its discriminator (the IDL's 251,147,241,180...)");
	ok(ix.data[0] == 251 && ix.data[1] == 147, "matches @helium/idls");
	is_int(ix.accounts_len, 8, "8 accounts as the IDL lists");
	sol_instruction_release(&ix);
	ok(!helium_ix_distribute_compression(&ix, payer, &ld, ldk, rec, &leaf, &e), "distribute compression");
	is_int(ix.accounts_len, 12 + 2 + 3, "common 12, tree, compression program, 3 proof nodes");
	ok(ix.data[0] == 160 && ix.data[1] == 48, "discriminator 160,48,...");
	sol_instruction_release(&ix);
	ok(!helium_ix_distribute_custom(&ix, payer, &ld, ldk, rec, kta, &e), "distribute custom destination");
	ok(ix.data_len == 8 && ix.data[0] == 82 && ix.accounts_len == 12, "8 bytes, 12 accounts");
	sol_instruction_release(&ix);
	ok(!helium_ix_init_compression_recipient(&ix, payer, ldk, rec, &leaf, &e), "init compression recipient");
	ok(ix.data_len == 108 && ix.data[0] == 80 && ix.accounts_len == 8 + 3, "108 bytes, 8 + 3 accounts");
	sol_instruction_release(&ix);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "claim"))
		return drive(argc, argv);
	if (sodium_init() < 0)
		return 1;
	test_pdas();
	test_message();
	test_ed25519();
	test_tree();
	test_breaker();
	test_oracle();
	test_builders();
	return tap_done();
}
