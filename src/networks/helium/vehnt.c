/* veHNT: positions, delegations, rewards, instructions (see vehnt.h). */
#include "config.h"
#include <string.h>
#include "base58.h"
#include "chains/solana/anchor.h"
#include "chains/solana/borsh.h"
#include "chains/solana/pda.h"
#include "chains/solana/programs.h"
#include "networks/helium/dc.h"
#include "networks/helium/vehnt.h"

#define R(x) (void)!(x)
#define ONE_WEEK (7 * 86400)

const char *vehnt_kind_name(enum vehnt_kind k)
{
	return k == VEHNT_CLIFF ? "cliff" : k == VEHNT_CONSTANT ? "constant" : "none";
}

static int start(struct borsh_reader *r, const uint8_t *data, size_t len, const char *name, struct error *e)
{
	int rc = anchor_account_check(data, len, name, e);
	if (rc)
		return rc;
	borsh_reader_init(r, data + 8, len - 8);
	return 0;
}

static int done(const struct borsh_reader *r, const char *what, size_t len, struct error *e)
{
	if (r->err)
		return error_set(e, ERR_USAGE, "%s account: %s at byte %zu of %zu", what, r->err, r->err_pos + 8, len);
	return 0;
}

static void read_i64(struct borsh_reader *r, int64_t *v)
{
	R(borsh_read_i64(r, v));
}

static void read_key(struct borsh_reader *r, uint8_t k[32])
{
	R(borsh_read_fixed(r, k, 32));
}

static void read_proposal(struct borsh_reader *r, struct vehnt_proposal *p)
{
	read_key(r, p->proposal);
	read_i64(r, &p->ts);
}

int vehnt_registrar_parse(struct vehnt_registrar *out, const uint8_t *data, size_t len, struct error *e)
{
	memset(out, 0, sizeof *out);
	struct borsh_reader r;
	uint8_t skip[32], u8;
	uint64_t u64;
	uint32_t n = 0;
	bool some;
	int rc = start(&r, data, len, "Registrar", e);
	if (rc)
		return rc;
	read_key(&r, skip);  /* governance program */
	read_key(&r, out->realm);
	read_key(&r, out->realm_governing_token_mint);
	read_key(&r, skip);  /* realm authority */
	read_i64(&r, &out->time_offset);
	R(borsh_read_option(&r, &some));
	if (some)
		read_key(&r, skip); /* position update authority */
	read_key(&r, out->collection);
	R(borsh_read_u8(&r, &u8));
	R(borsh_read_u8(&r, &u8));
	R(borsh_read_fixed(&r, skip, 4));
	for (int i = 0; i < 3; i++)
		R(borsh_read_u64(&r, &u64));
	read_key(&r, out->proxy_config);
	R(borsh_read_u32(&r, &n));
	if (!r.err && n > VEHNT_MAX_VOTING_MINTS)
		return error_set(e, ERR_USAGE, "Registrar account: %u voting mints (at most %d)", n, VEHNT_MAX_VOTING_MINTS);
	for (uint32_t i = 0; i < n && !r.err; i++) {
		struct vehnt_voting_mint *m = &out->mints[i];
		int8_t reserved;
		read_key(&r, m->mint);
		R(borsh_read_u64(&r, &m->baseline_factor));
		R(borsh_read_u64(&r, &m->max_extra_factor));
		R(borsh_read_u8(&r, &m->genesis_multiplier));
		read_i64(&r, &m->genesis_multiplier_expiration_ts);
		R(borsh_read_u64(&r, &m->lockup_saturation_secs));
		R(borsh_read_u8(&r, (uint8_t *)&reserved));
	}
	out->nmints = n;
	return done(&r, "Registrar", len, e);
}

int vehnt_position_parse(struct vehnt_position *out, const uint8_t *data, size_t len, struct error *e)
{
	memset(out, 0, sizeof *out);
	struct borsh_reader r;
	uint8_t skip[32], kind = 0, u8;
	uint64_t u64;
	uint32_t n = 0;
	int rc = start(&r, data, len, "PositionV0", e);
	if (rc)
		return rc;
	read_key(&r, out->registrar);
	read_key(&r, out->mint);
	read_i64(&r, &out->lockup.start_ts);
	read_i64(&r, &out->lockup.end_ts);
	R(borsh_read_u8(&r, &kind));
	if (!r.err && kind > 2)
		return error_set(e, ERR_USAGE, "PositionV0 account: lockup kind %u is not one", kind);
	out->lockup.kind = (enum vehnt_kind)kind;
	R(borsh_read_u64(&r, &out->amount));
	R(borsh_read_u8(&r, &out->voting_mint_config_idx));
	R(borsh_read_u16(&r, &out->num_active_votes));
	read_i64(&r, &out->genesis_end);
	R(borsh_read_u8(&r, &u8));
	read_key(&r, skip); /* vote controller */
	R(borsh_read_u64(&r, &u64));
	R(borsh_read_u32(&r, &n));
	for (uint32_t i = 0; i < n && !r.err; i++) {
		struct vehnt_proposal p;
		read_proposal(&r, &p);
		if (out->nproposals < VEHNT_MAX_PROPOSALS)
			out->proposals[out->nproposals++] = p;
	}
	return done(&r, "PositionV0", len, e);
}

int vehnt_delegation_parse(struct vehnt_delegation *out, const uint8_t *data, size_t len, struct error *e)
{
	memset(out, 0, sizeof *out);
	struct borsh_reader r;
	uint8_t u8;
	uint64_t lo = 0, hi = 0;
	int rc = start(&r, data, len, "DelegatedPositionV0", e);
	if (rc)
		return rc;
	read_key(&r, out->mint);
	read_key(&r, out->position);
	R(borsh_read_u64(&r, &out->hnt_amount));
	read_key(&r, out->sub_dao);
	R(borsh_read_u64(&r, &out->last_claimed_epoch));
	read_i64(&r, &out->start_ts);
	R(borsh_read_bool(&r, &out->purged));
	R(borsh_read_u8(&r, &u8));
	R(borsh_read_u128(&r, &lo, &hi));
	out->claimed_bitmap = (vehnt_u128)hi << 64 | lo;
	read_i64(&r, &out->expiration_ts);
	return done(&r, "DelegatedPositionV0", len, e);
}

int vehnt_dao_parse(struct vehnt_dao *out, const uint8_t *data, size_t len, struct error *e)
{
	memset(out, 0, sizeof *out);
	struct borsh_reader r;
	uint8_t skip[32], u8;
	uint64_t u64;
	uint32_t u32, n = 0;
	int rc = start(&r, data, len, "DaoV0", e);
	if (rc)
		return rc;
	read_key(&r, out->hnt_mint);
	read_key(&r, out->dc_mint);
	read_key(&r, skip); /* authority */
	read_key(&r, out->registrar);
	read_key(&r, skip); /* hst pool */
	R(borsh_read_u64(&r, &u64));
	R(borsh_read_u32(&r, &u32));
	R(borsh_read_u32(&r, &n)); /* emission schedule: (i64, u64) */
	for (uint32_t i = 0; i < n && !r.err; i++)
		R(borsh_read_fixed(&r, skip, 16));
	R(borsh_read_u32(&r, &n)); /* hst emission schedule: (i64, u8) */
	for (uint32_t i = 0; i < n && !r.err; i++)
		R(borsh_read_fixed(&r, skip, 9));
	R(borsh_read_u8(&r, &u8));
	read_key(&r, skip); /* rewards escrow */
	read_key(&r, out->delegator_pool);
	return done(&r, "DaoV0", len, e);
}

int vehnt_dao_epoch_parse(struct vehnt_dao_epoch *out, const uint8_t *data, size_t len, struct error *e)
{
	memset(out, 0, sizeof *out);
	struct borsh_reader r;
	uint8_t skip[32], u8;
	uint64_t u64, lo, hi;
	uint32_t u32;
	bool b;
	int rc = start(&r, data, len, "DaoEpochInfoV0", e);
	if (rc)
		return rc;
	R(borsh_read_bool(&r, &b));
	R(borsh_read_u64(&r, &out->epoch));
	read_key(&r, skip);
	R(borsh_read_u64(&r, &u64));
	R(borsh_read_u64(&r, &u64));
	R(borsh_read_u128(&r, &lo, &hi));
	R(borsh_read_u32(&r, &u32));
	R(borsh_read_u32(&r, &u32));
	R(borsh_read_bool(&r, &out->done_issuing_rewards));
	R(borsh_read_bool(&r, &b));
	R(borsh_read_u8(&r, &u8));
	for (int i = 0; i < 4; i++)
		read_proposal(&r, &out->recent[i]);
	R(borsh_read_u64(&r, &out->delegation_rewards_issued));
	R(borsh_read_u64(&r, &out->vehnt_at_epoch_start));
	return done(&r, "DaoEpochInfoV0", len, e);
}

int vehnt_proxy_config_parse(struct vehnt_proxy_config *out, const uint8_t *data, size_t len, struct error *e)
{
	memset(out, 0, sizeof *out);
	struct borsh_reader r;
	uint8_t skip[32];
	char name[256];
	int64_t t;
	uint32_t n = 0;
	int rc = start(&r, data, len, "ProxyConfigV0", e);
	if (rc)
		return rc;
	read_key(&r, skip);
	R(borsh_read_string(&r, name, sizeof name));
	read_i64(&r, &t);
	R(borsh_read_u32(&r, &n));
	if (!r.err && n > VEHNT_MAX_SEASONS)
		return error_set(e, ERR_USAGE, "ProxyConfigV0 account: %u seasons (at most %d)", n, VEHNT_MAX_SEASONS);
	for (uint32_t i = 0; i < n && !r.err; i++) {
		read_i64(&r, &out->seasons[i].start);
		read_i64(&r, &out->seasons[i].end);
	}
	out->nseasons = n;
	return done(&r, "ProxyConfigV0", len, e);
}

/* ---- maths -------------------------------------------------------------------------------- */

int64_t vehnt_clock(const struct vehnt_registrar *r, int64_t now)
{
	return now + r->time_offset;
}

uint64_t vehnt_epoch(int64_t ts)
{
	return ts < 0 ? 0 : (uint64_t)(ts / VEHNT_EPOCH_SECS);
}

uint64_t vehnt_seconds_left(const struct vehnt_lockup *l, int64_t ts)
{
	if (l->kind == VEHNT_CONSTANT)
		ts = l->start_ts;
	return ts >= l->end_ts ? 0 : (uint64_t)(l->end_ts - ts);
}

static int64_t effective_end(const struct vehnt_lockup *l)
{
	return l->kind == VEHNT_CONSTANT ? INT64_MAX : l->end_ts;
}

int vehnt_power(vehnt_u128 *out, const struct vehnt_position *p, const struct vehnt_registrar *r, int64_t ts,
		struct error *e)
{
	*out = 0;
	if (p->voting_mint_config_idx >= r->nmints)
		return error_set(e, ERR_USAGE, "position's voting mint %u is not in the registrar (%zu)",
				 p->voting_mint_config_idx, r->nmints);
	const struct vehnt_voting_mint *m = &r->mints[p->voting_mint_config_idx];
	vehnt_u128 baseline = (vehnt_u128)p->amount * m->baseline_factor / 1000000000u;
	vehnt_u128 max_extra = (vehnt_u128)p->amount * m->max_extra_factor / 1000000000u;
	vehnt_u128 locked = 0;
	uint64_t left = vehnt_seconds_left(&p->lockup, ts);
	if (left && max_extra && p->lockup.kind != VEHNT_NONE) {
		if (!m->lockup_saturation_secs)
			return error_set(e, ERR_USAGE, "voting mint has a zero lockup saturation");
		uint64_t l = left < m->lockup_saturation_secs ? left : m->lockup_saturation_secs;
		locked = max_extra * l / m->lockup_saturation_secs;
	}
	unsigned mult = ts < p->genesis_end && m->genesis_multiplier > 0 ? m->genesis_multiplier : 1;
	*out = (baseline + locked) * mult;
	return 0;
}

int vehnt_claimed(bool *claimed, const struct vehnt_delegation *d, uint64_t epoch, struct error *e)
{
	*claimed = true;
	if (epoch <= d->last_claimed_epoch)
		return 0;
	if (epoch > d->last_claimed_epoch + 128)
		return error_set(e, ERR_USAGE, "epoch %llu is beyond the 128 epochs after %llu the program tracks",
				 (unsigned long long)epoch, (unsigned long long)d->last_claimed_epoch);
	unsigned bit = (unsigned)(epoch - d->last_claimed_epoch - 1);
	*claimed = (d->claimed_bitmap >> (127 - bit)) & 1;
	return 0;
}

/* close_delegation_v0's last epoch to claim before closing. */
static uint64_t claim_to(const struct vehnt_position *p, const struct vehnt_delegation *d, int64_t clock)
{
	uint64_t cur = vehnt_epoch(clock);
	uint64_t to = p && p->lockup.end_ts < clock && p->lockup.kind == VEHNT_CLIFF ? vehnt_epoch(p->lockup.end_ts)
										  : cur;
	to = to ? to - 1 : 0;
	if (d->expiration_ts != 0) {
		uint64_t x = vehnt_epoch(d->expiration_ts - 1);
		if (x < to)
			to = x;
	}
	return to;
}

size_t vehnt_unclaimed(uint64_t *out, size_t max, const struct vehnt_delegation *d, int64_t clock)
{
	uint64_t to = claim_to(NULL, d, clock);
	size_t n = 0;
	for (uint64_t ep = d->last_claimed_epoch + 1; ep <= to && ep <= d->last_claimed_epoch + 128 && n < max; ep++) {
		bool c;
		struct error ignore;
		if (vehnt_claimed(&c, d, ep, &ignore) == 0 && !c)
			out[n++] = ep;
	}
	return n;
}

int vehnt_epoch_reward(uint64_t *out, bool *burnt, const struct vehnt_position *p, const struct vehnt_registrar *r,
		       const struct vehnt_delegation *d, const struct vehnt_dao_epoch *de, struct error *e)
{
	*out = 0;
	*burnt = false;
	int64_t epoch_start = (int64_t)de->epoch * VEHNT_EPOCH_SECS;
	vehnt_u128 power = 0;
	if (d->expiration_ts > epoch_start) {
		int rc = vehnt_power(&power, p, r, epoch_start, e);
		if (rc)
			return rc;
	}
	vehnt_u128 v = de->vehnt_at_epoch_start ? power * de->delegation_rewards_issued / de->vehnt_at_epoch_start : 0;
	if (v > UINT64_MAX)
		return error_set(e, ERR_USAGE, "epoch %llu rewards overflow", (unsigned long long)de->epoch);
	*out = (uint64_t)v;
	/* the voting requirement: with four recent proposals, a position must
	 * have voted on (or the proposal still be open for) two of them */
	int64_t first_ts = de->recent[3].ts, last_ts = de->recent[0].ts;
	static const uint8_t zero[32];
	int real = 0, eligible = 0;
	for (int i = 0; i < 4; i++) {
		if (memcmp(de->recent[i].proposal, zero, 32))
			real++;
		int in = de->recent[i].ts + ONE_WEEK > epoch_start;
		for (size_t j = 0; j < p->nproposals && !in; j++)
			in = p->proposals[j].ts <= last_ts && p->proposals[j].ts >= first_ts &&
			     !memcmp(p->proposals[j].proposal, de->recent[i].proposal, 32);
		eligible += in;
	}
	*burnt = real >= 4 && eligible < 2;
	return 0;
}

int vehnt_season_end(int64_t *end, const struct vehnt_proxy_config *pc, int64_t ts, struct error *e)
{
	/* the last season (in order) that started at or before ts, as the
	 * proxy's binary search finds it */
	const struct vehnt_season *s = NULL;
	size_t lo = 0, hi = pc->nseasons;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (pc->seasons[mid].start <= ts) {
			s = &pc->seasons[mid];
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	if (!s)
		return error_set(e, ERR_NOTFOUND, "no proxy season has started (the program cannot delegate now)");
	*end = s->end;
	return 0;
}

/* ---- addresses ---------------------------------------------------------------------------- */

static int pda(uint8_t out[32], const char *program, const struct sol_seed *s, size_t n, struct error *e)
{
	uint8_t pid[32];
	dc_key(pid, program);
	return sol_pda_find(out, NULL, s, n, pid, e);
}

int vehnt_position_key(uint8_t out[32], const uint8_t mint[32], struct error *e)
{
	struct sol_seed s[] = {{(const uint8_t *)"position", 8}, {mint, 32}};
	return pda(out, VEHNT_VSR_ID, s, 2, e);
}

int vehnt_delegation_key(uint8_t out[32], const uint8_t position[32], struct error *e)
{
	struct sol_seed s[] = {{(const uint8_t *)"delegated_position", 18}, {position, 32}};
	return pda(out, DC_HELIUM_SUB_DAOS_ID, s, 2, e);
}

static void le64(uint8_t out[8], uint64_t v)
{
	for (int i = 0; i < 8; i++)
		out[i] = (uint8_t)(v >> (8 * i));
}

int vehnt_sub_dao_epoch_key(uint8_t out[32], const uint8_t sub_dao[32], uint64_t epoch, struct error *e)
{
	uint8_t ep[8];
	le64(ep, epoch);
	struct sol_seed s[] = {{(const uint8_t *)"sub_dao_epoch_info", 18}, {sub_dao, 32}, {ep, 8}};
	return pda(out, DC_HELIUM_SUB_DAOS_ID, s, 3, e);
}

int vehnt_dao_epoch_key(uint8_t out[32], const uint8_t dao[32], uint64_t epoch, struct error *e)
{
	uint8_t ep[8];
	le64(ep, epoch);
	struct sol_seed s[] = {{(const uint8_t *)"dao_epoch_info", 14}, {dao, 32}, {ep, 8}};
	return pda(out, DC_HELIUM_SUB_DAOS_ID, s, 3, e);
}

static int metadata_key(uint8_t out[32], const uint8_t mint[32], bool edition, struct error *e)
{
	uint8_t prog[32];
	dc_key(prog, VEHNT_METADATA_ID);
	struct sol_seed s[] = {{(const uint8_t *)"metadata", 8}, {prog, 32}, {mint, 32}, {(const uint8_t *)"edition", 7}};
	return sol_pda_find(out, NULL, s, edition ? 4 : 3, prog, e);
}

/* ---- instructions ------------------------------------------------------------------------- */

struct acct {
	const uint8_t *key;
	bool signer, writable;
};

static int build(struct sol_instruction *ix, const char *program, const struct acct *a, size_t n, const char *name,
		 const uint8_t *args, size_t args_len, struct error *e)
{
	uint8_t pid[32], data[64];
	dc_key(pid, program);
	sol_instruction_release(ix);
	sol_instruction_init(ix, pid);
	anchor_instruction_discriminator(data, name);
	if (args_len)
		memcpy(data + 8, args, args_len);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = sol_instruction_add_account(ix, a[i].key, a[i].signer, a[i].writable, e);
	if (!rc)
		rc = sol_instruction_set_data(ix, data, 8 + args_len, e);
	if (rc)
		sol_instruction_release(ix);
	return rc;
}

static const uint8_t *prog(uint8_t buf[32], const char *b58)
{
	dc_key(buf, b58);
	return buf;
}

int vehnt_build_create(struct sol_instruction ix[2], const struct vehnt_ctx *c, const uint8_t mint[32],
		       enum vehnt_kind kind, uint32_t days, uint64_t amount, struct error *e)
{
	if (kind != VEHNT_CLIFF && kind != VEHNT_CONSTANT)
		return error_set(e, ERR_USAGE, "lockup kind must be cliff or constant");
	if (days == 0 || days > VEHNT_MAX_LOCKUP_DAYS)
		return error_set(e, ERR_USAGE, "lockup of %u days: give 1 to %d days", days, VEHNT_MAX_LOCKUP_DAYS);
	if (!amount)
		return error_set(e, ERR_USAGE, "the amount to lock must be above 0");
	if (!c->registrar->nmints)
		return error_set(e, ERR_USAGE, "the registrar has no voting mint");
	const uint8_t *deposit_mint = c->registrar->mints[0].mint;
	uint8_t cmeta[32], cedition[32], position[32], meta[32], edition[32], pta[32], vault[32], src[32];
	uint8_t sys[32], tok[32], ata[32], mp[32];
	int rc = metadata_key(cmeta, c->registrar->collection, false, e);
	if (rc || (rc = metadata_key(cedition, c->registrar->collection, true, e)) ||
	    (rc = vehnt_position_key(position, mint, e)) || (rc = metadata_key(meta, mint, false, e)) ||
	    (rc = metadata_key(edition, mint, true, e)) ||
	    (rc = sol_pda_ata(pta, c->owner, mint, sol_program_id_token, e)) ||
	    (rc = sol_pda_ata(vault, position, deposit_mint, sol_program_id_token, e)) ||
	    (rc = sol_pda_ata(src, c->owner, deposit_mint, sol_program_id_token, e)))
		return rc;
	memcpy(sys, sol_program_id_system, 32);
	memcpy(tok, sol_program_id_token, 32);
	memcpy(ata, sol_program_id_ata, 32);
	const struct acct a0[] = {
		{c->registrar_key, false, false},
		{c->registrar->collection, false, false},
		{cmeta, false, true},
		{cedition, false, false},
		{position, false, true},
		{mint, true, true},
		{meta, false, true},
		{edition, false, true},
		{pta, false, true},
		{c->owner, false, false},
		{vault, false, true},
		{c->owner, true, true},
		{deposit_mint, false, false},
		{sys, false, false},
		{tok, false, false},
		{ata, false, false},
		{prog(mp, VEHNT_METADATA_ID), false, false},
	};
	uint8_t args[8];
	args[0] = (uint8_t)kind;
	args[1] = (uint8_t)days, args[2] = (uint8_t)(days >> 8), args[3] = (uint8_t)(days >> 16),
	args[4] = (uint8_t)(days >> 24);
	sol_instruction_init(&ix[0], sys);
	sol_instruction_init(&ix[1], sys);
	if ((rc = build(&ix[0], VEHNT_VSR_ID, a0, sizeof a0 / sizeof *a0, "initialize_position_v0", args, 5, e)))
		return rc;
	const struct acct a1[] = {
		{c->registrar_key, false, false}, {position, false, true}, {vault, false, true},
		{deposit_mint, false, false},     {src, false, true},      {c->owner, true, false},
		{tok, false, false},
	};
	le64(args, amount);
	if ((rc = build(&ix[1], VEHNT_VSR_ID, a1, sizeof a1 / sizeof *a1, "deposit_v0", args, 8, e)))
		sol_instruction_release(&ix[0]);
	return rc;
}

/* The accounts delegate_v0 and close_delegation_v0 share. */
struct deleg_keys {
	uint8_t position[32], pta[32], delegated[32], sdei[32], closing[32], genesis[32];
};

static int deleg_keys(struct deleg_keys *k, const struct vehnt_ctx *c, const struct vehnt_position *p,
		      const uint8_t sub_dao[32], int64_t closing_ts, struct error *e)
{
	int64_t clock = vehnt_clock(c->registrar, c->now);
	int64_t genesis_ts = p->genesis_end <= clock ? closing_ts : p->genesis_end;
	int rc = vehnt_position_key(k->position, p->mint, e);
	if (rc || (rc = sol_pda_ata(k->pta, c->owner, p->mint, sol_program_id_token, e)) ||
	    (rc = vehnt_delegation_key(k->delegated, k->position, e)) ||
	    (rc = vehnt_sub_dao_epoch_key(k->sdei, sub_dao, vehnt_epoch(clock), e)) ||
	    (rc = vehnt_sub_dao_epoch_key(k->closing, sub_dao, vehnt_epoch(closing_ts), e)) ||
	    (rc = vehnt_sub_dao_epoch_key(k->genesis, sub_dao, vehnt_epoch(genesis_ts), e)))
		return rc;
	return 0;
}

int vehnt_build_delegate(struct sol_instruction *ix, const struct vehnt_ctx *c, const struct vehnt_position *p,
			 const uint8_t sub_dao[32], const struct vehnt_proxy_config *proxy, struct error *e)
{
	int64_t clock = vehnt_clock(c->registrar, c->now), season_end = 0;
	if (p->lockup.kind != VEHNT_CONSTANT && p->lockup.end_ts <= clock)
		return error_set(e, ERR_REFUSED, "the position's lockup has ended: it cannot be delegated");
	int rc = vehnt_season_end(&season_end, proxy, clock, e);
	if (rc)
		return rc;
	int64_t eff = effective_end(&p->lockup);
	int64_t closing_ts = eff < season_end ? eff : season_end;
	if (vehnt_epoch(closing_ts) == vehnt_epoch(clock))
		return error_set(e, ERR_REFUSED, "the position (or the proxy season) ends in the current epoch: the program "
						 "refuses to delegate it");
	struct deleg_keys k;
	if ((rc = deleg_keys(&k, c, p, sub_dao, closing_ts, e)))
		return rc;
	uint8_t vsr[32], sys[32];
	memcpy(sys, sol_program_id_system, 32);
	const struct acct a[] = {
		{c->owner, true, true},           {k.position, false, false},   {p->mint, false, false},
		{k.pta, false, false},            {c->owner, true, true},       {c->registrar_key, false, false},
		{c->dao_key, false, false},       {sub_dao, false, true},       {k.sdei, false, true},
		{k.closing, false, true},         {k.genesis, false, true},     {k.delegated, false, true},
		{prog(vsr, VEHNT_VSR_ID), false, false}, {sys, false, false}, {c->registrar->proxy_config, false, false},
	};
	return build(ix, DC_HELIUM_SUB_DAOS_ID, a, sizeof a / sizeof *a, "delegate_v0", NULL, 0, e);
}

int vehnt_build_undelegate(struct sol_instruction *ix, const struct vehnt_ctx *c, const struct vehnt_position *p,
			   const struct vehnt_delegation *d, struct error *e)
{
	int64_t clock = vehnt_clock(c->registrar, c->now);
	uint64_t to = claim_to(p, d, clock);
	if (d->last_claimed_epoch < to)
		return error_set(e, ERR_REFUSED,
				 "rewards of epochs %llu to %llu are not all claimed: the program refuses to undelegate "
				 "before (depinctl stake --network helium claim)",
				 (unsigned long long)d->last_claimed_epoch + 1, (unsigned long long)to);
	int64_t eff = effective_end(&p->lockup);
	int64_t closing_ts = d->expiration_ts == 0 || eff < d->expiration_ts ? eff : d->expiration_ts;
	struct deleg_keys k;
	int rc = deleg_keys(&k, c, p, d->sub_dao, closing_ts, e);
	if (rc)
		return rc;
	uint8_t vsr[32], sys[32];
	memcpy(sys, sol_program_id_system, 32);
	const struct acct a[] = {
		{c->owner, true, true},       {k.position, false, false},   {p->mint, false, false},
		{k.pta, false, false},        {c->owner, true, true},       {c->registrar_key, false, false},
		{c->dao_key, false, false},   {d->sub_dao, false, true},    {k.delegated, false, true},
		{k.sdei, false, true},        {k.closing, false, true},     {k.genesis, false, true},
		{prog(vsr, VEHNT_VSR_ID), false, false}, {sys, false, false},
	};
	return build(ix, DC_HELIUM_SUB_DAOS_ID, a, sizeof a / sizeof *a, "close_delegation_v0", NULL, 0, e);
}

int vehnt_build_claim(struct sol_instruction *ix, const struct vehnt_ctx *c, const struct vehnt_position *p,
		      const struct vehnt_delegation *d, uint64_t epoch, struct error *e)
{
	uint8_t position[32], pta[32], delegated[32], dei[32], ata_hnt[32], breaker[32], cb[32];
	uint8_t vsr[32], sys[32], tok[32], ata[32];
	int rc = vehnt_position_key(position, p->mint, e);
	if (rc || (rc = sol_pda_ata(pta, c->owner, p->mint, sol_program_id_token, e)) ||
	    (rc = vehnt_delegation_key(delegated, position, e)) || (rc = vehnt_dao_epoch_key(dei, c->dao_key, epoch, e)) ||
	    (rc = sol_pda_ata(ata_hnt, c->owner, c->dao->hnt_mint, sol_program_id_token, e)))
		return rc;
	dc_key(cb, DC_CIRCUIT_BREAKER_ID);
	struct sol_seed s[] = {{(const uint8_t *)"account_windowed_breaker", 24}, {c->dao->delegator_pool, 32}};
	if ((rc = sol_pda_find(breaker, NULL, s, 2, cb, e)))
		return rc;
	memcpy(sys, sol_program_id_system, 32);
	memcpy(tok, sol_program_id_token, 32);
	memcpy(ata, sol_program_id_ata, 32);
	const struct acct a[] = {
		{position, false, true},        {p->mint, false, true},         {pta, false, false},
		{c->owner, false, false},       {c->registrar_key, false, true}, {c->dao_key, false, true},
		{d->sub_dao, false, true},      {delegated, false, true},       {c->dao->hnt_mint, false, true},
		{dei, false, false},            {c->dao->delegator_pool, false, true}, {ata_hnt, false, true},
		{breaker, false, true},         {prog(vsr, VEHNT_VSR_ID), false, false}, {sys, false, false},
		{cb, false, false},             {ata, false, false},            {tok, false, false},
		{c->owner, true, true},
	};
	uint8_t args[8];
	le64(args, epoch);
	return build(ix, DC_HELIUM_SUB_DAOS_ID, a, sizeof a / sizeof *a, "claim_rewards_v1", args, 8, e);
}
