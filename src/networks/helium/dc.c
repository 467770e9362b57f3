/* Helium data credits: layouts, price maths, instructions (see dc.h). */
#include "config.h"
#include <string.h>
#include <sodium.h>
#include "base58.h"
#include "chains/solana/anchor.h"
#include "chains/solana/borsh.h"
#include "chains/solana/pda.h"
#include "chains/solana/programs.h"
#include "networks/helium/dc.h"

const uint8_t dc_hnt_feed_id[32] = {
	0x64, 0x9f, 0xdd, 0x7e, 0xc0, 0x8e, 0x8e, 0x2a, 0x20, 0xf4, 0x25, 0x72, 0x98, 0x54, 0xe9, 0x02,
	0x93, 0xdc, 0xbe, 0x23, 0x76, 0xab, 0xc4, 0x71, 0x97, 0xa1, 0x4d, 0xa6, 0xff, 0x33, 0x97, 0x56,
};

void dc_key(uint8_t out[32], const char *b58)
{
	size_t n = 0;
	if (base58_decode(out, 32, &n, b58) || n != 32)
		memset(out, 0, 32); /* constants only: cannot happen */
}

int dc_data_credits_parse(struct dc_data_credits *out, const uint8_t *data, size_t len, struct error *e)
{
	memset(out, 0, sizeof *out);
	int rc = anchor_account_check(data, len, "DataCreditsV0", e);
	if (rc)
		return rc;
	struct borsh_reader r;
	borsh_reader_init(&r, data + 8, len - 8);
	(void)!borsh_read_fixed(&r, out->dc_mint, 32);
	(void)!borsh_read_fixed(&r, out->hnt_mint, 32);
	(void)!borsh_read_fixed(&r, out->authority, 32);
	(void)!borsh_read_fixed(&r, out->hnt_price_oracle, 32);
	(void)!borsh_read_u8(&r, &out->data_credits_bump);
	(void)!borsh_read_fixed(&r, out->account_payer, 32);
	if (borsh_read_u8(&r, &out->account_payer_bump))
		return error_set(e, ERR_USAGE, "data credits account: %zu bytes is too short", len);
	return 0;
}

int dc_price_parse(struct dc_price *out, const uint8_t *data, size_t len, struct error *e)
{
	memset(out, 0, sizeof *out);
	int rc = anchor_account_check(data, len, "PriceUpdateV2", e);
	if (rc)
		return rc;
	struct borsh_reader r;
	borsh_reader_init(&r, data + 8, len - 8);
	uint8_t tag = 0;
	(void)!borsh_read_fixed(&r, out->write_authority, 32);
	(void)!borsh_read_u8(&r, &tag);
	if (tag == 0)
		(void)!borsh_read_u8(&r, &out->num_signatures);
	else if (tag != 1)
		return error_set(e, ERR_USAGE, "price update account: verification level %u is not one", tag);
	out->full = tag == 1;
	(void)!borsh_read_fixed(&r, out->feed_id, 32);
	(void)!borsh_read_i64(&r, &out->price);
	(void)!borsh_read_u64(&r, &out->conf);
	uint32_t ex = 0;
	(void)!borsh_read_u32(&r, &ex);
	out->exponent = (int32_t)ex;
	(void)!borsh_read_i64(&r, &out->publish_time);
	(void)!borsh_read_i64(&r, &out->prev_publish_time);
	(void)!borsh_read_i64(&r, &out->ema_price);
	(void)!borsh_read_u64(&r, &out->ema_conf);
	if (borsh_read_u64(&r, &out->posted_slot))
		return error_set(e, ERR_USAGE, "price update account: %zu bytes is too short", len);
	return 0;
}

int dc_price_check(const struct dc_price *p, const uint8_t owner[32], int64_t now, struct error *e)
{
	uint8_t receiver[32];
	dc_key(receiver, DC_PYTH_RECEIVER_ID);
	if (owner && memcmp(owner, receiver, 32)) {
		char o[64] = "";
		(void)!base58_encode(o, sizeof o, owner, 32);
		return error_set(e, ERR_REFUSED, "price update owned by '%s', not the Pyth receiver %s: the program refuses it",
				 o, DC_PYTH_RECEIVER_ID);
	}
	if (!p->full)
		return error_set(e, ERR_REFUSED, "price update only partially verified (%u signatures): the program refuses it",
				 p->num_signatures);
	if (memcmp(p->feed_id, dc_hnt_feed_id, 32))
		return error_set(e, ERR_REFUSED, "price update is for another feed than HNT/USD");
	if (p->ema_price <= 0)
		return error_set(e, ERR_REFUSED, "price update's EMA price %lld is not positive", (long long)p->ema_price);
	if (p->publish_time > INT64_MAX - DC_PRICE_MAX_AGE || p->publish_time + DC_PRICE_MAX_AGE < now)
		return error_set(e, ERR_REFUSED,
				 "HNT price published %lld s ago; the program refuses prices older than %d s (try again later)",
				 (long long)(now - p->publish_time), DC_PRICE_MAX_AGE);
	return 0;
}

int dc_price_for_mint(int64_t *out, const struct dc_price *p, struct error *e)
{
	*out = 0;
	if (p->ema_conf > (uint64_t)INT64_MAX / 2)
		return error_set(e, ERR_REFUSED, "price update's EMA confidence %llu is out of range",
				 (unsigned long long)p->ema_conf);
	int64_t two_conf = (int64_t)(p->ema_conf * 2);
	if (p->ema_price <= 0 || p->ema_price - two_conf <= 0)
		return error_set(e, ERR_REFUSED, "HNT price less twice its confidence is not positive (ema %lld, ema conf %llu)",
				 (long long)p->ema_price, (unsigned long long)p->ema_conf);
	*out = p->ema_price - two_conf;
	return 0;
}

static unsigned __int128 pow10_u128(unsigned n)
{
	unsigned __int128 v = 1;
	while (n--)
		v *= 10;
	return v;
}

int dc_price_nusd(uint64_t *out, const struct dc_price *p, bool conservative, struct error *e)
{
	*out = 0;
	int64_t v = p->price;
	if (conservative) {
		int rc = dc_price_for_mint(&v, p, e);
		if (rc)
			return rc;
	}
	if (v <= 0)
		return error_set(e, ERR_REFUSED, "HNT price %lld is not positive", (long long)v);
	if (p->exponent > 0 || p->exponent < -18)
		return error_set(e, ERR_USAGE, "price exponent %d is out of range", p->exponent);
	int shift = 9 + p->exponent; /* to nano-USD */
	unsigned __int128 x = (unsigned __int128)v;
	if (shift >= 0)
		x *= pow10_u128((unsigned)shift);
	else
		x /= pow10_u128((unsigned)-shift);
	if (x > UINT64_MAX)
		return error_set(e, ERR_USAGE, "HNT price is out of range");
	*out = (uint64_t)x;
	return 0;
}

static int factor(unsigned __int128 *f, const struct dc_price *p, unsigned hnt_decimals, struct error *e)
{
	long long x = (long long)hnt_decimals - p->exponent - DC_USD_EXPONENT;
	if (x < 0 || x > 38)
		return error_set(e, ERR_USAGE, "price exponent %d with %u HNT decimals gives a factor 10^%lld the program cannot use",
				 p->exponent, hnt_decimals, x);
	*f = pow10_u128((unsigned)x);
	return 0;
}

int dc_from_hnt(uint64_t *dc, const struct dc_price *p, unsigned hnt_decimals, uint64_t hnt, struct error *e)
{
	*dc = 0;
	int64_t price;
	unsigned __int128 f = 1;
	int rc = dc_price_for_mint(&price, p, e);
	if (rc || (rc = factor(&f, p, hnt_decimals, e)))
		return rc;
	unsigned __int128 v = (unsigned __int128)hnt * (uint64_t)price / f; /* < 2^127: no overflow */
	if (v > UINT64_MAX)
		return error_set(e, ERR_FAIL, "%llu HNT base units would mint more DC than a u64 holds", (unsigned long long)hnt);
	*dc = (uint64_t)v;
	return 0;
}

int dc_hnt_for_dc(uint64_t *hnt, const struct dc_price *p, unsigned hnt_decimals, uint64_t dc, struct error *e)
{
	*hnt = 0;
	int64_t price;
	unsigned __int128 f = 1;
	int rc = dc_price_for_mint(&price, p, e);
	if (rc || (rc = factor(&f, p, hnt_decimals, e)))
		return rc;
	if (dc && f > ((unsigned __int128)0 - 1) / dc)
		return error_set(e, ERR_FAIL, "%llu DC overflows the program's arithmetic", (unsigned long long)dc);
	unsigned __int128 v = (unsigned __int128)dc * f / (uint64_t)price;
	if (v > UINT64_MAX)
		return error_set(e, ERR_FAIL, "%llu DC would burn more HNT than a u64 holds", (unsigned long long)dc);
	*hnt = (uint64_t)v;
	return 0;
}

/* ---- addresses ---------------------------------------------------------------------------- */

static int pda(uint8_t out[32], const char *program, const struct sol_seed *s, size_t n, struct error *e)
{
	uint8_t pid[32];
	dc_key(pid, program);
	return sol_pda_find(out, NULL, s, n, pid, e);
}

int dc_data_credits_key(uint8_t out[32], const uint8_t dc_mint[32], struct error *e)
{
	struct sol_seed s[] = {{(const uint8_t *)"dc", 2}, {dc_mint, 32}};
	return pda(out, DC_PROGRAM_ID, s, 2, e);
}

int dc_delegated_key(uint8_t out[32], const uint8_t sub_dao[32], const char *router_key, struct error *e)
{
	uint8_t h[32];
	crypto_hash_sha256(h, (const unsigned char *)router_key, strlen(router_key));
	struct sol_seed s[] = {{(const uint8_t *)"delegated_data_credits", 22}, {sub_dao, 32}, {h, 32}};
	return pda(out, DC_PROGRAM_ID, s, 3, e);
}

int dc_escrow_key(uint8_t out[32], const uint8_t delegated[32], struct error *e)
{
	struct sol_seed s[] = {{(const uint8_t *)"escrow_dc_account", 17}, {delegated, 32}};
	return pda(out, DC_PROGRAM_ID, s, 2, e);
}

int dc_dao_key(uint8_t out[32], const uint8_t hnt_mint[32], struct error *e)
{
	struct sol_seed s[] = {{(const uint8_t *)"dao", 3}, {hnt_mint, 32}};
	return pda(out, DC_HELIUM_SUB_DAOS_ID, s, 2, e);
}

int dc_sub_dao_key(uint8_t out[32], const uint8_t dnt_mint[32], struct error *e)
{
	struct sol_seed s[] = {{(const uint8_t *)"sub_dao", 7}, {dnt_mint, 32}};
	return pda(out, DC_HELIUM_SUB_DAOS_ID, s, 2, e);
}

int dc_subnetwork_mint(uint8_t out[32], const char *name, struct error *e)
{
	if (!strcmp(name, "iot"))
		dc_key(out, DC_IOT_MINT);
	else if (!strcmp(name, "mobile"))
		dc_key(out, DC_MOBILE_MINT);
	else
		return error_set(e, ERR_USAGE, "unknown subnetwork '%s' (iot or mobile)", name);
	return 0;
}

/* ---- instructions ------------------------------------------------------------------------- */

struct acct {
	const uint8_t *key;
	bool signer, writable;
};

static int build(struct sol_instruction *ix, const char *program, const struct acct *a, size_t n,
		 const uint8_t *data, size_t len, struct error *e)
{
	uint8_t pid[32];
	dc_key(pid, program);
	sol_instruction_release(ix);
	sol_instruction_init(ix, pid);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = sol_instruction_add_account(ix, a[i].key, a[i].signer, a[i].writable, e);
	if (!rc)
		rc = sol_instruction_set_data(ix, data, len, e);
	if (rc)
		sol_instruction_release(ix);
	return rc;
}

int dc_build_mint(struct sol_instruction *ix, const struct dc_mint_args *a, struct error *e)
{
	if ((a->hnt == 0) == (a->dc_amount == 0))
		return error_set(e, ERR_USAGE, "mint data credits: give an HNT amount or a DC amount, not %s",
				 a->hnt ? "both" : "neither");
	const uint8_t *recipient = a->recipient ? a->recipient : a->owner;
	uint8_t data_credits[32], burner[32], recipient_ata[32], breaker[32], cb[32], token[32], sys[32], ata[32];
	int rc = dc_data_credits_key(data_credits, a->dc->dc_mint, e);
	if (rc || (rc = sol_pda_ata(burner, a->owner, a->dc->hnt_mint, sol_program_id_token, e)) ||
	    (rc = sol_pda_ata(recipient_ata, recipient, a->dc->dc_mint, sol_program_id_token, e)))
		return rc;
	dc_key(cb, DC_CIRCUIT_BREAKER_ID);
	struct sol_seed s[] = {{(const uint8_t *)"mint_windowed_breaker", 21}, {a->dc->dc_mint, 32}};
	if ((rc = sol_pda_find(breaker, NULL, s, 2, cb, e)))
		return rc;
	memcpy(token, sol_program_id_token, 32);
	memcpy(sys, sol_program_id_system, 32);
	memcpy(ata, sol_program_id_ata, 32);
	const struct acct acc[] = {
		{data_credits, false, false}, {a->dc->hnt_price_oracle, false, false}, {burner, false, true},
		{recipient_ata, false, true}, {recipient, false, false},         {a->owner, true, true},
		{a->dc->hnt_mint, false, true}, {a->dc->dc_mint, false, true},  {breaker, false, true},
		{cb, false, false},            {token, false, false},           {sys, false, false},
		{ata, false, false},
	};
	uint8_t buf[64];
	struct borsh_writer w;
	size_t len;
	borsh_writer_init(&w, buf, sizeof buf);
	uint8_t disc[8];
	anchor_instruction_discriminator(disc, "mint_data_credits_v0");
	borsh_write_fixed(&w, disc, 8);
	if (a->hnt) {
		borsh_write_option_some(&w);
		borsh_write_u64(&w, a->hnt);
		borsh_write_option_none(&w);
	} else {
		borsh_write_option_none(&w);
		borsh_write_option_some(&w);
		borsh_write_u64(&w, a->dc_amount);
	}
	if ((rc = borsh_writer_finish(&len, &w, e)))
		return rc;
	return build(ix, DC_PROGRAM_ID, acc, sizeof acc / sizeof *acc, buf, len, e);
}

int dc_build_delegate(struct sol_instruction *ix, const uint8_t owner[32], const uint8_t dc_mint[32],
		      const uint8_t dao[32], const uint8_t sub_dao[32], const char *router_key, uint64_t amount,
		      struct error *e)
{
	if (!amount)
		return error_set(e, ERR_USAGE, "delegate data credits: the amount must be above 0");
	size_t klen = strlen(router_key);
	if (!klen || klen > 200 || !borsh_utf8_valid((const uint8_t *)router_key, klen))
		return error_set(e, ERR_USAGE, "router key '%s' is not a valid key", router_key);
	uint8_t delegated[32], data_credits[32], from[32], escrow[32], token[32], sys[32], ata[32];
	int rc = dc_delegated_key(delegated, sub_dao, router_key, e);
	if (rc || (rc = dc_data_credits_key(data_credits, dc_mint, e)) ||
	    (rc = sol_pda_ata(from, owner, dc_mint, sol_program_id_token, e)) || (rc = dc_escrow_key(escrow, delegated, e)))
		return rc;
	memcpy(token, sol_program_id_token, 32);
	memcpy(sys, sol_program_id_system, 32);
	memcpy(ata, sol_program_id_ata, 32);
	const struct acct acc[] = {
		{delegated, false, true}, {data_credits, false, false}, {dc_mint, false, false}, {dao, false, false},
		{sub_dao, false, false},  {owner, true, false},        {from, false, true},     {escrow, false, true},
		{owner, true, true},      {ata, false, false},         {token, false, false},   {sys, false, false},
	};
	uint8_t buf[300];
	struct borsh_writer w;
	size_t len;
	borsh_writer_init(&w, buf, sizeof buf);
	uint8_t disc[8];
	anchor_instruction_discriminator(disc, "delegate_data_credits_v0");
	borsh_write_fixed(&w, disc, 8);
	borsh_write_u64(&w, amount);
	borsh_write_string(&w, router_key);
	if ((rc = borsh_writer_finish(&len, &w, e)))
		return rc;
	return build(ix, DC_PROGRAM_ID, acc, sizeof acc / sizeof *acc, buf, len, e);
}

/* ---- SPL ---------------------------------------------------------------------------------- */

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

int dc_token_account(uint64_t *amount, uint8_t mint[32], uint8_t owner[32], bool *frozen, const uint8_t *data,
		     size_t len, struct error *e)
{
	if (len < 165 || data[108] == 0)
		return error_set(e, ERR_USAGE, "not a token account (%zu bytes)", len);
	if (mint)
		memcpy(mint, data, 32);
	if (owner)
		memcpy(owner, data + 32, 32);
	*amount = le64(data + 64);
	if (frozen)
		*frozen = data[108] == 2;
	return 0;
}

int dc_mint_info(uint8_t *decimals, uint64_t *supply, const uint8_t *data, size_t len, struct error *e)
{
	if (len < 82 || data[45] != 1)
		return error_set(e, ERR_USAGE, "not a token mint (%zu bytes)", len);
	if (supply)
		*supply = le64(data + 36);
	*decimals = data[44];
	return 0;
}
