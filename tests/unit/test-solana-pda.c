/* Program derived addresses, the on-curve test and associated token
 * accounts against @solana/web3.js and @solana/spl-token
 * (tests/fixtures/solana/pda.json). */
#include "config.h"

#include <sodium.h>
#include <cjson/cJSON.h>

#include "tap.h"
#include "hex.h"
#include "wallet/address.h"
#include "chains/solana/pda.h"
#include "chains/solana/programs.h"

static const char *str(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* Decodes a fixture's hex seeds into bufs; returns the count. */
static size_t seeds_of(struct sol_seed *seeds, uint8_t bufs[][40], const cJSON *arr)
{
	size_t n = 0;
	const cJSON *s;
	cJSON_ArrayForEach(s, arr)
	{
		size_t len = 0;
		if (hex_decode(bufs[n], 40, &len, s->valuestring))
			len = 0;
		seeds[n].p = bufs[n];
		seeds[n].len = len;
		n++;
	}
	return n;
}

static void find_cases(const cJSON *arr)
{
	const cJSON *c;
	int i = 0;
	cJSON_ArrayForEach(c, arr)
	{
		struct sol_seed seeds[SOL_PDA_MAX_SEEDS];
		uint8_t bufs[SOL_PDA_MAX_SEEDS][40], prog[32], out[32];
		uint8_t bump = 0;
		char addr[ADDRESS_SOLANA_MAX] = "";
		struct error e = {0};
		size_t n = seeds_of(seeds, bufs, cJSON_GetObjectItem(c, "seeds"));
		int rc = address_solana_parse(prog, str(c, "program"), NULL);
		rc = rc ? rc : sol_pda_find(out, &bump, seeds, n, prog, &e);
		if (!rc)
			rc = address_solana(addr, sizeof addr, out);
		is_str(addr, str(c, "address"), "find %d: %zu seeds -> %s", i, n, str(c, "address"));
		is_int(bump, cJSON_GetNumberValue(cJSON_GetObjectItem(c, "bump")), "find %d: bump", i);
		/* every higher bump is on the curve, and create refuses it */
		const cJSON *r;
		int refused = 0, want = cJSON_GetArraySize(cJSON_GetObjectItem(c, "refused_bumps"));
		cJSON_ArrayForEach(r, cJSON_GetObjectItem(c, "refused_bumps"))
		{
			uint8_t b = (uint8_t)cJSON_GetNumberValue(r), tmp[32];
			seeds[n].p = &b;
			seeds[n].len = 1;
			if (sol_pda_create(tmp, seeds, n + 1, prog, &e) == ERR_USAGE && strstr(e.msg, "on the ed25519 curve"))
				refused++;
		}
		ok(refused == want, "find %d: create refuses the %d bumps above", i, want);
		/* create with the found bump gives the same address */
		uint8_t tmp[32];
		seeds[n].p = &bump;
		seeds[n].len = 1;
		ok(sol_pda_create(tmp, seeds, n + 1, prog, &e) == 0 && memcmp(tmp, out, 32) == 0,
		   "find %d: create with bump %u gives the address", i, bump);
		i++;
	}
}

static void create_cases(const cJSON *arr)
{
	const cJSON *c;
	int i = 0;
	cJSON_ArrayForEach(c, arr)
	{
		struct sol_seed seeds[SOL_PDA_MAX_SEEDS];
		uint8_t bufs[SOL_PDA_MAX_SEEDS][40], prog[32], out[32];
		char addr[ADDRESS_SOLANA_MAX] = "";
		struct error e = {0};
		size_t n = seeds_of(seeds, bufs, cJSON_GetObjectItem(c, "seeds"));
		const char *want = str(c, "address");
		int rc = address_solana_parse(prog, str(c, "program"), NULL);
		rc = rc ? rc : sol_pda_create(out, seeds, n, prog, &e);
		if (want) {
			if (!rc)
				rc = address_solana(addr, sizeof addr, out);
			is_str(addr, want, "create %d: address", i);
		} else {
			ok(rc == ERR_USAGE && strstr(e.msg, "curve"), "create %d: refused on the curve as web3.js does", i);
		}
		i++;
	}
}

static void curve_cases(const cJSON *arr)
{
	const cJSON *c;
	int n = 0, same = 0, on = 0;
	cJSON_ArrayForEach(c, arr)
	{
		uint8_t k[32];
		if (hex_decode_exact(k, 32, str(c, "key")))
			continue;
		bool want = cJSON_IsTrue(cJSON_GetObjectItem(c, "on_curve"));
		bool got = sol_pda_on_curve(k);
		n++;
		on += want;
		if (got == want)
			same++;
		else
			printf("# on-curve differs for %s: web3.js %d, depinctl %d\n", str(c, "key"), want, got);
	}
	ok(n > 60 && same == n, "on-curve agrees with web3.js on %d of %d keys (%d on the curve)", same, n, on);
}

/* Special encodings: the Solana runtime decompresses with curve25519-dalek,
 * which reads y as 255 bits reduced mod p and accepts any point on the curve. */
static void curve_special(void)
{
	uint8_t p[32];

	memset(p, 0, 32);
	p[0] = 1;
	ok(sol_pda_on_curve(p), "the identity (small order) is on the curve");
	ok(!crypto_core_ed25519_is_valid_point(p), "... though libsodium's is_valid_point refuses it");
	p[0] = 2;
	ok(!sol_pda_on_curve(p), "y = 2 is not on the curve");
	memset(p, 0, 32);
	ok(sol_pda_on_curve(p), "y = 0 is on the curve (a point of order 4)");
	memset(p, 0xff, 32);
	p[0] = 0xed;
	p[31] = 0x7f;
	ok(sol_pda_on_curve(p), "y = p (non-canonical 0) is on the curve, as dalek reads it");
	memset(p, 0, 32);
	p[0] = 1;
	p[31] = 0x80;
	ok(sol_pda_on_curve(p), "y = 1 with the sign bit set is on the curve, as dalek reads it");
	/* the public key of a keypair is on the curve */
	uint8_t pk[32], sk[64], seed[32] = {9};
	if (crypto_sign_seed_keypair(pk, sk, seed) == 0)
		ok(sol_pda_on_curve(pk), "an ed25519 public key is on the curve");
	sodium_memzero(sk, sizeof sk);
}

static void ata_cases(const cJSON *arr)
{
	const cJSON *c;
	int i = 0;
	cJSON_ArrayForEach(c, arr)
	{
		uint8_t w[32], m[32], p[32], out[32];
		char addr[ADDRESS_SOLANA_MAX] = "";
		struct error e = {0};
		int rc = address_solana_parse(w, str(c, "wallet"), &e);
		rc = rc ? rc : address_solana_parse(m, str(c, "mint"), &e);
		rc = rc ? rc : address_solana_parse(p, str(c, "token_program"), &e);
		rc = rc ? rc : sol_pda_ata(out, w, m, p, &e);
		if (!rc)
			rc = address_solana(addr, sizeof addr, out);
		is_str(addr, str(c, "ata"), "ata %d: %s of %.8s... under %.5s", i, str(c, "ata"), str(c, "mint"),
		       str(c, "token_program"));
		i++;
	}
	ok(i >= 12, "%d associated token accounts checked", i);
}

static void errors(void)
{
	uint8_t prog[32] = {1}, out[32], b[33] = {0};
	struct sol_seed seeds[SOL_PDA_MAX_SEEDS + 1];
	struct error e = {0};

	for (size_t i = 0; i <= SOL_PDA_MAX_SEEDS; i++) {
		seeds[i].p = b;
		seeds[i].len = 1;
	}
	ok(sol_pda_create(out, seeds, 17, prog, &e) == ERR_USAGE && strstr(e.msg, "17 seeds"),
	   "create refuses 17 seeds (%s)", e.msg);
	ok(sol_pda_find(out, NULL, seeds, 16, prog, &e) == ERR_USAGE, "find refuses 16 seeds (the bump makes 17)");
	ok(sol_pda_find(out, NULL, seeds, 15, prog, &e) == 0, "find takes 15 seeds");
	seeds[0].len = 33;
	ok(sol_pda_create(out, seeds, 1, prog, &e) == ERR_USAGE && strstr(e.msg, "33 bytes"),
	   "create refuses a seed of 33 bytes (%s)", e.msg);
	seeds[0].len = 32;
	ok(sol_pda_find(out, NULL, seeds, 1, prog, &e) == 0, "find takes a seed of 32 bytes");
	ok(sol_pda_ata(out, b, b, sol_program_id_system, &e) == ERR_USAGE && strstr(e.msg, "Token"),
	   "ata refuses a program that is not a token program (%s)", e.msg);
}

int main(void)
{
	char *text = tap_slurp("tests/fixtures/solana/pda.json");
	cJSON *root = cJSON_Parse(text);

	if (!root) {
		printf("Bail out! pda.json does not parse\n");
		return 1;
	}
	find_cases(cJSON_GetObjectItem(root, "find"));
	create_cases(cJSON_GetObjectItem(root, "create"));
	curve_cases(cJSON_GetObjectItem(root, "on_curve"));
	curve_special();
	ata_cases(cJSON_GetObjectItem(root, "ata"));
	/* the brief's known fact: the ATA of 7dHb... for USDC under Token */
	{
		uint8_t w[32], m[32], out[32];
		char addr[ADDRESS_SOLANA_MAX] = "";
		const cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "ata"), 0);
		if (address_solana_parse(w, "7dHbWXmci3dT8UFYWYZweBLXgycu7Y3iL6trKn1Y7ARj", NULL) == 0 &&
		    address_solana_parse(m, "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", NULL) == 0 &&
		    sol_pda_ata(out, w, m, sol_program_id_token, NULL) == 0 && address_solana(addr, sizeof addr, out) == 0)
			ok(strcmp(addr, "47EavE6pitj9Dzge7PTRDUHmLm8weZmLfnAvZKbqA9SB") == 0 &&
				   strcmp(addr, str(c, "ata")) == 0,
			   "USDC account of 7dHbWXmci3dT8UFYWYZweBLXgycu7Y3iL6trKn1Y7ARj is %s", addr);
		else
			ok(0, "USDC account of 7dHbWXmci3dT8UFYWYZweBLXgycu7Y3iL6trKn1Y7ARj");
	}
	errors();
	cJSON_Delete(root);
	free(text);
	return tap_done();
}
