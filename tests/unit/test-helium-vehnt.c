/* veHNT: voting power as voter_stake_registry computes it (concrete numbers),
 * the claimed-epochs bitmap, unclaimed epochs, an epoch's rewards as
 * claim_rewards_v1 computes them, proxy seasons, and the instructions. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "chains/solana/anchor.h"
#include "networks/helium/dc.h"
#include "networks/helium/vehnt.h"

#define DAY 86400
#define T0 1700006400 /* an epoch start: 19676 * 86400 */

static struct vehnt_registrar reg(void)
{
	struct vehnt_registrar r;
	memset(&r, 0, sizeof r);
	r.nmints = 1;
	memset(r.mints[0].mint, 0x22, 32);
	r.mints[0].baseline_factor = 0;
	r.mints[0].max_extra_factor = 100000000000ULL; /* 100x */
	r.mints[0].lockup_saturation_secs = 4 * 365 * DAY;
	r.mints[0].genesis_multiplier = 3;
	memset(r.collection, 0x33, 32);
	memset(r.proxy_config, 0x44, 32);
	return r;
}

int main(void)
{
	struct error e = {0, ""};
	struct vehnt_registrar r = reg();
	struct vehnt_position p;
	memset(&p, 0, sizeof p);
	memset(p.mint, 0x55, 32);
	p.amount = 10000000000ULL; /* 100 HNT */
	p.lockup.kind = VEHNT_CLIFF;
	p.lockup.start_ts = T0;
	p.lockup.end_ts = T0 + 365 * DAY;
	vehnt_u128 v = 0;

	/* 100 HNT, cliff, a year left, saturation 4 years, 100x:
	 * 10^10 * 100 * (365 / 1460) = 2.5 * 10^11 = 2,500 veHNT */
	ok(vehnt_power(&v, &p, &r, T0, &e) == 0 && v == 250000000000ULL, "cliff, 1 year left: 2,500 veHNT");
	ok(vehnt_power(&v, &p, &r, T0 + 182 * DAY + DAY / 2, &e) == 0 && v == (vehnt_u128)1000000000000ULL * (182 * DAY + DAY / 2) / (1460 * DAY),
	   "cliff decays linearly (half a year left)");
	ok(vehnt_power(&v, &p, &r, T0 + 365 * DAY, &e) == 0 && v == 0, "cliff ended: 0");
	p.lockup.kind = VEHNT_CONSTANT;
	p.lockup.end_ts = T0 + 730 * DAY;
	ok(vehnt_power(&v, &p, &r, T0 + 5000 * DAY, &e) == 0 && v == 500000000000ULL,
	   "constant 2 years: 5,000 veHNT, forever");
	p.lockup.end_ts = T0 + 3000 * DAY;
	ok(vehnt_power(&v, &p, &r, T0, &e) == 0 && v == 1000000000000ULL, "saturated at 4 years: 10,000 veHNT");
	p.genesis_end = T0 + DAY;
	ok(vehnt_power(&v, &p, &r, T0, &e) == 0 && v == 3000000000000ULL, "genesis multiplier 3 before genesis_end");
	ok(vehnt_power(&v, &p, &r, T0 + DAY, &e) == 0 && v == 1000000000000ULL, "no multiplier from genesis_end on");
	p.genesis_end = 0;
	r.mints[0].baseline_factor = 1000000000; /* 1x baseline */
	ok(vehnt_power(&v, &p, &r, T0, &e) == 0 && v == 1010000000000ULL, "baseline 1x adds the amount");
	r.mints[0].baseline_factor = 0;
	p.voting_mint_config_idx = 1;
	is_int(vehnt_power(&v, &p, &r, T0, &e), ERR_USAGE, "unknown voting mint refused: %s", e.msg);
	p.voting_mint_config_idx = 0;
	is_int(vehnt_seconds_left(&p.lockup, T0 + 10 * DAY), 3000 * DAY, "constant lockups never count down");

	/* the bitmap: last claimed 100; 101 and 103 claimed */
	struct vehnt_delegation d;
	memset(&d, 0, sizeof d);
	d.last_claimed_epoch = 100;
	d.claimed_bitmap = (vehnt_u128)1 << 127 | (vehnt_u128)1 << 125;
	bool c;
	ok(vehnt_claimed(&c, &d, 100, &e) == 0 && c, "100 claimed (last)");
	ok(vehnt_claimed(&c, &d, 101, &e) == 0 && c, "101 claimed (bit 0)");
	ok(vehnt_claimed(&c, &d, 102, &e) == 0 && !c, "102 not claimed");
	ok(vehnt_claimed(&c, &d, 103, &e) == 0 && c, "103 claimed (bit 2)");
	is_int(vehnt_claimed(&c, &d, 229, &e), ERR_USAGE, "beyond 128 epochs refused");
	uint64_t ep[16];
	size_t n = vehnt_unclaimed(ep, 16, &d, 107 * (int64_t)DAY + 5);
	ok(n == 4 && ep[0] == 102 && ep[1] == 104 && ep[2] == 105 && ep[3] == 106,
	   "unclaimed before epoch 107: 102 104 105 106 (%zu)", n);
	d.expiration_ts = 105 * (int64_t)DAY;
	n = vehnt_unclaimed(ep, 16, &d, 107 * (int64_t)DAY + 5);
	ok(n == 2 && ep[0] == 102 && ep[1] == 104, "expired at 105's start: 102 104");
	d.expiration_ts = 0;

	/* rewards: 2,500 veHNT at the epoch start of 1,000,000 veHNT delegated,
	 * 40,000 HNT issued: 2500 / 1e6 * 40000 = 100 HNT */
	p.lockup.kind = VEHNT_CLIFF;
	p.lockup.start_ts = 20000 * (int64_t)DAY - 365 * DAY;
	p.lockup.end_ts = 20000 * (int64_t)DAY + 365 * DAY;
	d.expiration_ts = 20100 * (int64_t)DAY;
	struct vehnt_dao_epoch de;
	memset(&de, 0, sizeof de);
	de.epoch = 20000;
	de.done_issuing_rewards = true;
	de.delegation_rewards_issued = 4000000000000ULL;
	de.vehnt_at_epoch_start = 100000000000000ULL;
	uint64_t rw = 0;
	bool burnt = true;
	ok(vehnt_epoch_reward(&rw, &burnt, &p, &r, &d, &de, &e) == 0 && rw == 10000000000ULL && !burnt,
	   "epoch reward 100 HNT (%llu)", (unsigned long long)rw);
	d.expiration_ts = 20000 * (int64_t)DAY;
	ok(vehnt_epoch_reward(&rw, &burnt, &p, &r, &d, &de, &e) == 0 && rw == 0, "expired delegation earns 0");
	d.expiration_ts = 20100 * (int64_t)DAY;
	/* four proposals, none voted, all older than a week: burnt */
	for (int i = 0; i < 4; i++) {
		memset(de.recent[i].proposal, 0x60 + i, 32);
		de.recent[i].ts = 20000 * (int64_t)DAY - (10 + i) * DAY;
	}
	ok(vehnt_epoch_reward(&rw, &burnt, &p, &r, &d, &de, &e) == 0 && burnt, "no votes on 4 proposals: burnt");
	p.nproposals = 2;
	p.proposals[0] = de.recent[1];
	p.proposals[1] = de.recent[2];
	ok(vehnt_epoch_reward(&rw, &burnt, &p, &r, &d, &de, &e) == 0 && !burnt && rw == 10000000000ULL,
	   "voted on 2 of 4: paid");
	p.nproposals = 1;
	ok(vehnt_epoch_reward(&rw, &burnt, &p, &r, &d, &de, &e) == 0 && burnt, "voted on 1 of 4: burnt");
	de.recent[0].ts = 20000 * (int64_t)DAY - DAY; /* still open a week after */
	ok(vehnt_epoch_reward(&rw, &burnt, &p, &r, &d, &de, &e) == 0 && !burnt, "1 vote + 1 in progress: paid");
	p.nproposals = 0;

	/* seasons */
	struct vehnt_proxy_config pc;
	memset(&pc, 0, sizeof pc);
	pc.nseasons = 3;
	pc.seasons[0] = (struct vehnt_season){100, 200};
	pc.seasons[1] = (struct vehnt_season){200, 300};
	pc.seasons[2] = (struct vehnt_season){300, 400};
	int64_t end = 0;
	ok(vehnt_season_end(&end, &pc, 250, &e) == 0 && end == 300, "season at 250 ends 300");
	ok(vehnt_season_end(&end, &pc, 1000, &e) == 0 && end == 400, "after the last: the last");
	is_int(vehnt_season_end(&end, &pc, 50, &e), ERR_NOTFOUND, "before the first: none");

	/* builders */
	uint8_t owner[32], rk[32], dk[32], sub[32], mint[32];
	memset(owner, 1, 32);
	memset(rk, 2, 32);
	memset(dk, 3, 32);
	memset(sub, 4, 32);
	memset(mint, 5, 32);
	struct vehnt_dao dao;
	memset(&dao, 0, sizeof dao);
	memset(dao.hnt_mint, 6, 32);
	memset(dao.delegator_pool, 7, 32);
	struct vehnt_ctx cx = {.owner = owner, .registrar_key = rk, .registrar = &r, .dao_key = dk, .dao = &dao,
			       .now = 20000 * (int64_t)DAY + 100};
	struct sol_instruction ix[2];
	uint8_t disc[8];
	ok(vehnt_build_create(ix, &cx, mint, VEHNT_CONSTANT, 365, 100, &e) == 0, "create built (%s)", e.msg);
	anchor_instruction_discriminator(disc, "initialize_position_v0");
	ok(!memcmp(ix[0].data, disc, 8) && ix[0].data_len == 13 && ix[0].data[8] == 2 && ix[0].data[9] == 0x6d &&
		   ix[0].data[10] == 1 && ix[0].accounts_len == 17,
	   "initialize_position_v0: constant, 365 periods, 17 accounts");
	anchor_instruction_discriminator(disc, "deposit_v0");
	ok(!memcmp(ix[1].data, disc, 8) && ix[1].data_len == 16 && ix[1].data[8] == 100 && ix[1].accounts_len == 7,
	   "deposit_v0: amount 100, 7 accounts");
	ok(ix[0].accounts[5].is_signer && !memcmp(ix[0].accounts[5].pubkey, mint, 32), "the new mint signs");
	sol_instructions_release(ix, 2);
	is_int(vehnt_build_create(ix, &cx, mint, VEHNT_NONE, 365, 100, &e), ERR_USAGE, "kind none refused");
	is_int(vehnt_build_create(ix, &cx, mint, VEHNT_CLIFF, 0, 100, &e), ERR_USAGE, "0 days refused");
	is_int(vehnt_build_create(ix, &cx, mint, VEHNT_CLIFF, 73001, 100, &e), ERR_USAGE, "73,001 days refused");
	is_int(vehnt_build_create(ix, &cx, mint, VEHNT_CLIFF, 30, 0, &e), ERR_USAGE, "0 HNT refused");

	pc.nseasons = 1;
	pc.seasons[0] = (struct vehnt_season){0, 20400 * (int64_t)DAY};
	sol_instruction_init(&ix[0], owner);
	ok(vehnt_build_delegate(&ix[0], &cx, &p, sub, &pc, &e) == 0 && ix[0].accounts_len == 15 && ix[0].data_len == 8,
	   "delegate_v0: 15 accounts, no args (%s)", e.msg);
	uint8_t want[32];
	ok(vehnt_sub_dao_epoch_key(want, sub, 20000, &e) == 0 && !memcmp(ix[0].accounts[8].pubkey, want, 32),
	   "sub-DAO epoch info of the current epoch");
	ok(vehnt_sub_dao_epoch_key(want, sub, 20365, &e) == 0 && !memcmp(ix[0].accounts[9].pubkey, want, 32),
	   "closing epoch: the lockup's end (before the season's)");
	pc.seasons[0].end = 20200 * (int64_t)DAY;
	ok(vehnt_build_delegate(&ix[0], &cx, &p, sub, &pc, &e) == 0 && vehnt_sub_dao_epoch_key(want, sub, 20200, &e) == 0 &&
		   !memcmp(ix[0].accounts[9].pubkey, want, 32),
	   "closing epoch: the season's end when sooner");
	ok(!memcmp(ix[0].accounts[10].pubkey, ix[0].accounts[9].pubkey, 32),
	   "no genesis: the genesis-end account is the closing one (as the program derives it)");
	struct vehnt_position gen = p;
	gen.genesis_end = 20100 * (int64_t)DAY + 7;
	ok(vehnt_build_delegate(&ix[0], &cx, &gen, sub, &pc, &e) == 0 && vehnt_sub_dao_epoch_key(want, sub, 20100, &e) == 0 &&
		   !memcmp(ix[0].accounts[10].pubkey, want, 32),
	   "a genesis end to come: its epoch's sub-DAO epoch info");
	struct vehnt_position ended = p;
	ended.lockup.end_ts = 20000 * (int64_t)DAY;
	is_int(vehnt_build_delegate(&ix[0], &cx, &ended, sub, &pc, &e), ERR_REFUSED, "ended cliff refused: %s", e.msg);
	ended.lockup.end_ts = 20000 * (int64_t)DAY + 5000;
	is_int(vehnt_build_delegate(&ix[0], &cx, &ended, sub, &pc, &e), ERR_REFUSED, "ending this epoch refused: %s", e.msg);

	memcpy(d.sub_dao, sub, 32);
	d.last_claimed_epoch = 19990;
	d.claimed_bitmap = 0;
	is_int(vehnt_build_undelegate(&ix[0], &cx, &p, &d, &e), ERR_REFUSED, "unclaimed rewards refuse undelegating: %s",
	       e.msg);
	d.last_claimed_epoch = 19999;
	ok(vehnt_build_undelegate(&ix[0], &cx, &p, &d, &e) == 0 && ix[0].accounts_len == 14, "close_delegation_v0 built");
	anchor_instruction_discriminator(disc, "close_delegation_v0");
	ok(!memcmp(ix[0].data, disc, 8), "close_delegation_v0 discriminator");

	ok(vehnt_build_claim(&ix[0], &cx, &p, &d, 19998, &e) == 0 && ix[0].accounts_len == 19 && ix[0].data_len == 16,
	   "claim_rewards_v1: 19 accounts, epoch");
	ok(vehnt_dao_epoch_key(want, dk, 19998, &e) == 0 && !memcmp(ix[0].accounts[9].pubkey, want, 32) &&
		   ix[0].data[8] == (19998 & 0xff) && ix[0].data[9] == (19998 >> 8),
	   "the DAO epoch info of the epoch claimed");
	sol_instruction_release(&ix[0]);

	/* hostile account data: each parser, its discriminator then random
	 * bytes of every length up to 400 (huge vector lengths included):
	 * parsed or refused, never read past the end (valgrind/ASan) */
	static const char *names[] = {"Registrar", "PositionV0", "DelegatedPositionV0", "DaoV0", "DaoEpochInfoV0",
				      "ProxyConfigV0", "PriceUpdateV2", "DataCreditsV0"};
	uint8_t buf[408];
	unsigned seed = 12345;
	int bad = 0, parsed = 0;
	for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
		for (size_t len = 0; len <= 400; len++) {
			for (size_t i = 0; i < sizeof buf; i++) {
				seed = seed * 1103515245u + 12345u;
				buf[i] = (uint8_t)(seed >> 16);
			}
			if (len % 3 == 0)
				memset(buf + 8, 0, len > 8 ? len - 8 : 0); /* zero vector lengths: some parse */
			anchor_account_discriminator(buf, names[k]);
			uint8_t *data = malloc(len ? len : 1);
			memcpy(data, buf, len);
			struct vehnt_registrar xr;
			struct vehnt_position xp;
			struct vehnt_delegation xd;
			struct vehnt_dao xo;
			struct vehnt_dao_epoch xe;
			struct vehnt_proxy_config xc;
			struct dc_price xpr;
			struct dc_data_credits xdc;
			int rc = k == 0 ? vehnt_registrar_parse(&xr, data, len, &e)
				 : k == 1 ? vehnt_position_parse(&xp, data, len, &e)
				 : k == 2 ? vehnt_delegation_parse(&xd, data, len, &e)
				 : k == 3 ? vehnt_dao_parse(&xo, data, len, &e)
				 : k == 4 ? vehnt_dao_epoch_parse(&xe, data, len, &e)
				 : k == 5 ? vehnt_proxy_config_parse(&xc, data, len, &e)
				 : k == 6 ? dc_price_parse(&xpr, data, len, &e)
					  : dc_data_credits_parse(&xdc, data, len, &e);
			if (rc != 0 && rc != ERR_USAGE)
				bad++;
			parsed += rc == 0;
			free(data);
		}
	}
	ok(bad == 0, "hostile account data: parsed or refused with ERR_USAGE (%d parsed of %zu)", parsed,
	   (sizeof names / sizeof *names) * 401);
	return tap_done();
}
