/* Helium data credits: PriceUpdateV2 / DataCreditsV0 layouts, the DC maths of
 * mint_data_credits_v0 with concrete numbers, and the instructions' bytes. */
#include "config.h"
#include <string.h>
#include "tap.h"
#include "base58.h"
#include "chains/solana/anchor.h"
#include "chains/solana/borsh.h"
#include "chains/solana/programs.h"
#include "networks/helium/dc.h"

static void put_le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A PriceUpdateV2 laid out by hand (the integration test uses Anchor's coder). */
static size_t price_account(uint8_t *buf, int full, int64_t ema, uint64_t ema_conf, int32_t expo, int64_t publish)
{
	size_t o = 0;
	anchor_account_discriminator(buf, "PriceUpdateV2");
	o = 8;
	memset(buf + o, 7, 32), o += 32;
	if (full)
		buf[o++] = 1;
	else
		buf[o++] = 0, buf[o++] = 3;
	memcpy(buf + o, dc_hnt_feed_id, 32), o += 32;
	put_le(buf + o, 520000000, 8), o += 8;      /* price */
	put_le(buf + o, 300000, 8), o += 8;         /* conf */
	put_le(buf + o, (uint32_t)expo, 4), o += 4; /* exponent */
	put_le(buf + o, (uint64_t)publish, 8), o += 8;
	put_le(buf + o, (uint64_t)publish - 1, 8), o += 8;
	put_le(buf + o, (uint64_t)ema, 8), o += 8;
	put_le(buf + o, ema_conf, 8), o += 8;
	put_le(buf + o, 4242, 8), o += 8;           /* posted slot */
	return full ? o + 1 : o;                    /* the account keeps Partial's size */
}

int main(void)
{
	struct error e = {0, ""};
	uint8_t buf[200], receiver[32], other[32];
	struct dc_price p;
	uint64_t dc = 0, hnt = 0, nusd = 0;
	int64_t pc = 0;
	dc_key(receiver, DC_PYTH_RECEIVER_ID);
	memset(other, 9, 32);

	/* worked example: EMA $5.12345678 (512345678e-8), EMA confidence
	 * 0.01234567; the program uses 5.12345678 - 2 * 0.01234567 = 5.09876544
	 * USD per HNT, so 1.5 HNT (150,000,000 base units) mints
	 * 150000000 * 509876544 / 10^(8 + 8 - 5) = 764814.816 -> 764,814 DC, and
	 * 1,000,000 DC ($10) burns 10^6 * 10^11 / 509876544 = 196125907.68 ->
	 * 196,125,907 base units (1.96125907 HNT). */
	size_t n = price_account(buf, 1, 512345678, 1234567, -8, 1700000000);
	ok(dc_price_parse(&p, buf, n, &e) == 0, "PriceUpdateV2 parses (%s)", e.msg);
	ok(p.full && p.exponent == -8 && p.ema_price == 512345678 && p.ema_conf == 1234567 && p.price == 520000000 &&
		   p.conf == 300000 && p.publish_time == 1700000000 && p.prev_publish_time == 1699999999 &&
		   p.posted_slot == 4242,
	   "every field read");
	ok(dc_price_check(&p, receiver, 1700000000 + 600, &e) == 0, "fresh at 600 s");
	is_int(dc_price_check(&p, receiver, 1700000000 + 601, &e), ERR_REFUSED, "stale at 601 s: %s", e.msg);
	is_int(dc_price_check(&p, other, 1700000000, &e), ERR_REFUSED, "another owner refused: %s", e.msg);
	ok(dc_price_for_mint(&pc, &p, &e) == 0 && pc == 509876544, "ema - 2 conf = 509876544");
	ok(dc_from_hnt(&dc, &p, 8, 150000000, &e) == 0, "dc from hnt");
	is_int(dc, 764814, "1.5 HNT mints 764,814 DC");
	ok(dc_hnt_for_dc(&hnt, &p, 8, 1000000, &e) == 0, "hnt for dc");
	is_int(hnt, 196125907, "1,000,000 DC burns 196,125,907 base units");
	ok(dc_from_hnt(&dc, &p, 8, 1, &e) == 0 && dc == 0, "one base unit mints 0 DC (rounded down)");
	ok(dc_price_nusd(&nusd, &p, true, &e) == 0 && nusd == 5098765440, "conservative price in nano-USD");
	ok(dc_price_nusd(&nusd, &p, false, &e) == 0 && nusd == 5200000000, "spot price in nano-USD");

	/* another exponent: -10 gives the factor 10^13 */
	n = price_account(buf, 1, 51234567800, 0, -10, 1700000000);
	ok(dc_price_parse(&p, buf, n, &e) == 0 && dc_from_hnt(&dc, &p, 8, 100000000, &e) == 0 && dc == 512345,
	   "exponent -10: 1 HNT at $5.123456780 mints 512,345 DC (%llu)", (unsigned long long)dc);
	/* an exponent the program cannot use: 8 - 4 - 5 < 0 */
	n = price_account(buf, 1, 5, 0, 4, 1700000000);
	ok(dc_price_parse(&p, buf, n, &e) == 0, "exponent +4 parses");
	is_int(dc_from_hnt(&dc, &p, 8, 1, &e), ERR_USAGE, "exponent +4 refused: %s", e.msg);

	/* refusals */
	n = price_account(buf, 0, 512345678, 1234567, -8, 1700000000);
	ok(dc_price_parse(&p, buf, n, &e) == 0 && !p.full && p.num_signatures == 3, "Partial level parses");
	is_int(dc_price_check(&p, receiver, 1700000000, &e), ERR_REFUSED, "partial verification refused: %s", e.msg);
	n = price_account(buf, 1, 100, 50, -8, 1700000000);
	ok(dc_price_parse(&p, buf, n, &e) == 0, "tight price parses");
	is_int(dc_from_hnt(&dc, &p, 8, 100000000, &e), ERR_REFUSED, "ema - 2 conf = 0 refused: %s", e.msg);
	n = price_account(buf, 1, -5, 0, -8, 1700000000);
	ok(dc_price_parse(&p, buf, n, &e) == 0, "negative price parses");
	is_int(dc_price_check(&p, receiver, 1700000000, &e), ERR_REFUSED, "negative EMA refused");
	n = price_account(buf, 1, 512345678, 1234567, -8, 1700000000);
	buf[60] ^= 1; /* the feed id */
	ok(dc_price_parse(&p, buf, n, &e) == 0, "another feed parses");
	is_int(dc_price_check(&p, receiver, 1700000000, &e), ERR_REFUSED, "another feed refused: %s", e.msg);
	is_int(dc_price_parse(&p, buf, 80, &e), ERR_USAGE, "a short account refused: %s", e.msg);
	buf[0] ^= 1;
	is_int(dc_price_parse(&p, buf, n, &e), ERR_USAGE, "another account type refused: %s", e.msg);
	n = price_account(buf, 1, 512345678, 1234567, -8, 1700000000);
	buf[40] = 2;
	is_int(dc_price_parse(&p, buf, n, &e), ERR_USAGE, "verification level 2 refused: %s", e.msg);
	/* overflow: u64::MAX base units */
	n = price_account(buf, 1, INT64_MAX, 0, -8, 1700000000);
	ok(dc_price_parse(&p, buf, n, &e) == 0, "huge price parses");
	is_int(dc_from_hnt(&dc, &p, 8, UINT64_MAX, &e), ERR_FAIL, "overflow refused: %s", e.msg);

	/* DataCreditsV0 */
	uint8_t acc[8 + 32 * 5 + 2];
	anchor_account_discriminator(acc, "DataCreditsV0");
	for (int i = 0; i < 4; i++)
		memset(acc + 8 + 32 * i, i + 1, 32);
	acc[8 + 128] = 254;
	memset(acc + 8 + 129, 5, 32);
	acc[8 + 161] = 253;
	struct dc_data_credits d;
	ok(dc_data_credits_parse(&d, acc, sizeof acc, &e) == 0 && d.dc_mint[0] == 1 && d.hnt_mint[0] == 2 &&
		   d.authority[0] == 3 && d.hnt_price_oracle[31] == 4 && d.data_credits_bump == 254 &&
		   d.account_payer[0] == 5 && d.account_payer_bump == 253,
	   "DataCreditsV0 parses");
	is_int(dc_data_credits_parse(&d, acc, sizeof acc - 1, &e), ERR_USAGE, "short DataCreditsV0 refused");

	/* the data credits PDA of the mainnet DC mint (the program's own account) */
	uint8_t mint[32], key[32];
	char b58[64];
	dc_key(mint, DC_DC_MINT);
	ok(dc_data_credits_key(key, mint, &e) == 0 && base58_encode(b58, sizeof b58, key, 32) == 0,
	   "data credits PDA derived");
	is_str(b58, "D1LbvrJQ9K2WbGPMbM3Fnrf5PSsDH1TDpjqJdHuvs81n", "the data credits account of the DC mint");
	uint8_t hntm[32];
	dc_key(hntm, DC_HNT_MINT);
	ok(dc_dao_key(key, hntm, &e) == 0 && base58_encode(b58, sizeof b58, key, 32) == 0, "dao PDA");
	is_str(b58, "BQ3MCuTT5zVBhNfQ4SjMh3NPVhFy73MPV8rjfq5d1zie", "the Helium DAO");

	/* mint instruction bytes: discriminator, Some(hnt), None */
	struct sol_instruction ix;
	uint8_t owner[32];
	memset(owner, 0x11, 32);
	memcpy(d.dc_mint, mint, 32);
	memcpy(d.hnt_mint, hntm, 32);
	sol_instruction_init(&ix, owner);
	struct dc_mint_args ma = {.owner = owner, .dc = &d, .hnt = 150000000};
	ok(dc_build_mint(&ix, &ma, &e) == 0, "mint built (%s)", e.msg);
	uint8_t disc[8];
	anchor_instruction_discriminator(disc, "mint_data_credits_v0");
	ok(ix.data_len == 8 + 9 + 1 && !memcmp(ix.data, disc, 8) && ix.data[8] == 1 && ix.data[17] == 0,
	   "mint data: Some(hnt) None");
	is_int(ix.accounts_len, 13, "13 accounts");
	ok(ix.accounts[5].is_signer && ix.accounts[5].is_writable && !memcmp(ix.accounts[5].pubkey, owner, 32),
	   "owner signs");
	ma.dc_amount = 5;
	is_int(dc_build_mint(&ix, &ma, &e), ERR_USAGE, "both amounts refused: %s", e.msg);
	ma.dc_amount = 0, ma.hnt = 0;
	is_int(dc_build_mint(&ix, &ma, &e), ERR_USAGE, "no amount refused");
	uint8_t dao[32], sub[32], iot[32];
	ok(dc_subnetwork_mint(iot, "iot", &e) == 0 && dc_sub_dao_key(sub, iot, &e) == 0 && dc_dao_key(dao, hntm, &e) == 0,
	   "iot sub-DAO");
	ok(dc_build_delegate(&ix, owner, mint, dao, sub, "router", 1000, &e) == 0 && ix.accounts_len == 12,
	   "delegate built");
	ok(ix.data_len == 8 + 8 + 4 + 6 && !memcmp(ix.data + 20, "router", 6), "delegate data: amount, router key");
	is_int(dc_build_delegate(&ix, owner, mint, dao, sub, "router", 0, &e), ERR_USAGE, "zero delegation refused");
	is_int(dc_subnetwork_mint(iot, "lora", &e), ERR_USAGE, "unknown subnetwork refused: %s", e.msg);
	sol_instruction_release(&ix);
	return tap_done();
}
