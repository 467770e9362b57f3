/* Solana's native Stake program: builders, decoder, accounts, activation.
 * Layouts from the stake program's interface (solana-stake-interface):
 * StakeInstruction and StakeStateV2 in bincode, the StakeHistory sysvar,
 * and Delegation::stake_activating_and_deactivating for warm-up and
 * cool-down. */
#include "config.h"

#include <string.h>
#include <sodium.h>

#include "chains/solana/programs.h"
#include "chains/solana/stake.h"

const uint8_t sol_program_id_stake[32] = {
	0x06, 0xa1, 0xd8, 0x17, 0x91, 0x37, 0x54, 0x2a, 0x98, 0x34, 0x37, 0xbd, 0xfe, 0x2a, 0x7a, 0xb2,
	0x55, 0x7f, 0x53, 0x5c, 0x8a, 0x78, 0x72, 0x2b, 0x68, 0xa4, 0x9d, 0xc0, 0x00, 0x00, 0x00, 0x00};
const uint8_t sol_stake_config_id[32] = {
	0x06, 0xa1, 0xd8, 0x17, 0xa5, 0x02, 0x05, 0x0b, 0x68, 0x07, 0x91, 0xe6, 0xce, 0x6d, 0xb8, 0x8e,
	0x1e, 0x5b, 0x71, 0x50, 0xf6, 0x1f, 0xc6, 0x79, 0x0a, 0x4e, 0xb4, 0xd1, 0x00, 0x00, 0x00, 0x00};
const uint8_t sol_sysvar_clock[32] = {
	0x06, 0xa7, 0xd5, 0x17, 0x18, 0xc7, 0x74, 0xc9, 0x28, 0x56, 0x63, 0x98, 0x69, 0x1d, 0x5e, 0xb6,
	0x8b, 0x5e, 0xb8, 0xa3, 0x9b, 0x4b, 0x6d, 0x5c, 0x73, 0x55, 0x5b, 0x21, 0x00, 0x00, 0x00, 0x00};
const uint8_t sol_sysvar_rent[32] = {
	0x06, 0xa7, 0xd5, 0x17, 0x19, 0x2c, 0x5c, 0x51, 0x21, 0x8c, 0xc9, 0x4c, 0x3d, 0x4a, 0xf1, 0x7f,
	0x58, 0xda, 0xee, 0x08, 0x9b, 0xa1, 0xfd, 0x44, 0xe3, 0xdb, 0xd9, 0x8a, 0x00, 0x00, 0x00, 0x00};
const uint8_t sol_sysvar_stake_history[32] = {
	0x06, 0xa7, 0xd5, 0x17, 0x19, 0x35, 0x84, 0xd0, 0xfe, 0xed, 0x9b, 0xb3, 0x43, 0x1d, 0x13, 0x20,
	0x6b, 0xe5, 0x44, 0x28, 0x1b, 0x57, 0xb8, 0x56, 0x6c, 0xc5, 0x37, 0x5f, 0xf4, 0x00, 0x00, 0x00};

#define SYSTEM_CREATE_WITH_SEED 3

/* ---- little-endian helpers ---------------------------------------------- */

static void put_u32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* ---- builders ------------------------------------------------------------ */

struct meta {
	const uint8_t *key;
	bool signer, writable;
};

static int build(struct sol_instruction *ix, const uint8_t program[32], const struct meta *m, size_t n,
		 const uint8_t *data, size_t len, struct error *e)
{
	sol_instruction_release(ix);
	sol_instruction_init(ix, program);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = sol_instruction_add_account(ix, m[i].key, m[i].signer, m[i].writable, e);
	if (!rc)
		rc = sol_instruction_set_data(ix, data, len, e);
	if (rc) {
		sol_instruction_release(ix);
		sol_instruction_init(ix, program);
	}
	return rc;
}

int sol_stake_seed_address(uint8_t out[32], const uint8_t base[32], const char *seed, const uint8_t owner[32],
			   struct error *e)
{
	size_t len = strlen(seed);
	if (len > SOL_STAKE_SEED_MAX)
		return error_set(e, ERR_USAGE, "seed '%.40s' is longer than %d bytes", seed, SOL_STAKE_SEED_MAX);
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, base, 32);
	crypto_hash_sha256_update(&st, (const unsigned char *)seed, len);
	crypto_hash_sha256_update(&st, owner, 32);
	crypto_hash_sha256_final(&st, out);
	return 0;
}

int sol_stake_system_create_with_seed(struct sol_instruction *ix, const uint8_t from[32], const uint8_t base[32],
				      const char *seed, uint64_t lamports, uint64_t space, const uint8_t owner[32],
				      struct error *e)
{
	uint8_t addr[32];
	int rc = sol_stake_seed_address(addr, base, seed, owner, e);
	if (rc)
		return rc;
	size_t slen = strlen(seed);
	uint8_t data[4 + 32 + 8 + SOL_STAKE_SEED_MAX + 8 + 8 + 32];
	size_t o = 0;
	put_u32(data, SYSTEM_CREATE_WITH_SEED);
	o += 4;
	memcpy(data + o, base, 32);
	o += 32;
	put_u64(data + o, slen); /* bincode String: u64 length */
	o += 8;
	memcpy(data + o, seed, slen);
	o += slen;
	put_u64(data + o, lamports);
	o += 8;
	put_u64(data + o, space);
	o += 8;
	memcpy(data + o, owner, 32);
	o += 32;
	struct meta m[3] = {{from, true, true}, {addr, false, true}, {base, true, false}};
	return build(ix, sol_program_id_system, m, memcmp(from, base, 32) ? 3 : 2, data, o, e);
}

int sol_stake_initialize(struct sol_instruction *ix, const uint8_t stake[32], const uint8_t staker[32],
			 const uint8_t withdrawer[32], struct error *e)
{
	uint8_t data[4 + 64 + 8 + 8 + 32] = {0}; /* no lockup: zero timestamp, epoch, custodian */
	put_u32(data, SOL_STAKE_IX_INITIALIZE);
	memcpy(data + 4, staker, 32);
	memcpy(data + 36, withdrawer, 32);
	struct meta m[] = {{stake, false, true}, {sol_sysvar_rent, false, false}};
	return build(ix, sol_program_id_stake, m, 2, data, sizeof data, e);
}

int sol_stake_delegate(struct sol_instruction *ix, const uint8_t stake[32], const uint8_t vote[32],
		       const uint8_t staker[32], struct error *e)
{
	uint8_t data[4];
	put_u32(data, SOL_STAKE_IX_DELEGATE);
	struct meta m[] = {{stake, false, true}, {vote, false, false}, {sol_sysvar_clock, false, false},
			   {sol_sysvar_stake_history, false, false}, {sol_stake_config_id, false, false},
			   {staker, true, false}};
	return build(ix, sol_program_id_stake, m, 6, data, sizeof data, e);
}

int sol_stake_deactivate(struct sol_instruction *ix, const uint8_t stake[32], const uint8_t staker[32],
			 struct error *e)
{
	uint8_t data[4];
	put_u32(data, SOL_STAKE_IX_DEACTIVATE);
	struct meta m[] = {{stake, false, true}, {sol_sysvar_clock, false, false}, {staker, true, false}};
	return build(ix, sol_program_id_stake, m, 3, data, sizeof data, e);
}

int sol_stake_withdraw(struct sol_instruction *ix, const uint8_t stake[32], const uint8_t to[32],
		       const uint8_t withdrawer[32], uint64_t lamports, struct error *e)
{
	uint8_t data[12];
	put_u32(data, SOL_STAKE_IX_WITHDRAW);
	put_u64(data + 4, lamports);
	struct meta m[] = {{stake, false, true}, {to, false, true}, {sol_sysvar_clock, false, false},
			   {sol_sysvar_stake_history, false, false}, {withdrawer, true, false}};
	/* the withdrawer may be the recipient: one account, writable and signing */
	return build(ix, sol_program_id_stake, m, 5, data, sizeof data, e);
}

int sol_stake_split(struct sol_instruction *ix, const uint8_t stake[32], const uint8_t split_to[32],
		    const uint8_t staker[32], uint64_t lamports, struct error *e)
{
	if (!memcmp(stake, split_to, 32))
		return error_set(e, ERR_USAGE, "split: the new stake account is the one split");
	uint8_t data[12];
	put_u32(data, SOL_STAKE_IX_SPLIT);
	put_u64(data + 4, lamports);
	struct meta m[] = {{stake, false, true}, {split_to, false, true}, {staker, true, false}};
	return build(ix, sol_program_id_stake, m, 3, data, sizeof data, e);
}

int sol_stake_create_all(struct sol_instruction *ixs, size_t *n, const uint8_t payer[32], uint8_t new_stake[32],
			 const char *seed, const uint8_t authority[32], uint64_t lamports, struct error *e)
{
	*n = 0;
	int rc;
	if (seed) {
		if ((rc = sol_stake_seed_address(new_stake, payer, seed, sol_program_id_stake, e)))
			return rc;
		rc = sol_stake_system_create_with_seed(&ixs[0], payer, payer, seed, lamports, SOL_STAKE_STATE_LEN,
						       sol_program_id_stake, e);
	} else {
		rc = sol_program_system_create_account(&ixs[0], payer, new_stake, lamports, SOL_STAKE_STATE_LEN,
						       sol_program_id_stake, e);
	}
	if (rc)
		return rc;
	if ((rc = sol_stake_initialize(&ixs[1], new_stake, authority, authority, e))) {
		sol_instruction_release(&ixs[0]);
		return rc;
	}
	*n = 2;
	return 0;
}

int sol_stake_split_all(struct sol_instruction *ixs, size_t *n, const uint8_t payer[32], const uint8_t stake[32],
			const uint8_t split_to[32], const uint8_t staker[32], uint64_t rent, uint64_t lamports,
			struct error *e)
{
	*n = 0;
	int rc = sol_program_system_create_account(&ixs[0], payer, split_to, rent, SOL_STAKE_STATE_LEN,
						   sol_program_id_stake, e);
	if (rc)
		return rc;
	if ((rc = sol_stake_split(&ixs[1], stake, split_to, staker, lamports, e))) {
		sol_instruction_release(&ixs[0]);
		return rc;
	}
	*n = 2;
	return 0;
}

/* ---- decoder ------------------------------------------------------------- */

static int want_accounts(const struct sol_instruction *ix, size_t n, const char *what, struct error *e)
{
	if (ix->accounts_len < n)
		return error_set(e, ERR_USAGE, "stake %s: %zu accounts, needs %zu", what, ix->accounts_len, n);
	return 0;
}

static int want_key(const struct sol_instruction *ix, size_t i, const uint8_t key[32], const char *what,
		    const char *name, struct error *e)
{
	if (memcmp(ix->accounts[i].pubkey, key, 32))
		return error_set(e, ERR_USAGE, "stake %s: account %zu is not the %s", what, i + 1, name);
	return 0;
}

static int want_signer(const struct sol_instruction *ix, size_t i, const char *what, struct error *e)
{
	if (!ix->accounts[i].is_signer)
		return error_set(e, ERR_USAGE, "stake %s: the authority (account %zu) does not sign", what, i + 1);
	return 0;
}

int sol_stake_decode(struct sol_stake_call *out, const struct sol_instruction *ix, struct error *e)
{
	memset(out, 0, sizeof *out);
	if (memcmp(ix->program_id, sol_program_id_stake, 32))
		return error_set(e, ERR_USAGE, "not a stake program instruction");
	if (ix->data_len < 4)
		return error_set(e, ERR_USAGE, "stake instruction: %zu bytes of data", ix->data_len);
	uint32_t v = get_u32(ix->data);
	int rc;
	out->kind = (enum sol_stake_ix)v;
	switch (v) {
	case SOL_STAKE_IX_INITIALIZE:
		if (ix->data_len != 116)
			return error_set(e, ERR_USAGE, "stake initialize: %zu bytes of data, not 116", ix->data_len);
		if ((rc = want_accounts(ix, 2, "initialize", e)) ||
		    (rc = want_key(ix, 1, sol_sysvar_rent, "initialize", "rent sysvar", e)))
			return rc;
		out->stake = ix->accounts[0].pubkey;
		out->authority = ix->data + 4;
		memcpy(out->withdrawer, ix->data + 36, 32);
		return 0;
	case SOL_STAKE_IX_DELEGATE:
		if (ix->data_len != 4)
			return error_set(e, ERR_USAGE, "stake delegate: %zu bytes of data, not 4", ix->data_len);
		if ((rc = want_accounts(ix, 6, "delegate", e)) ||
		    (rc = want_key(ix, 2, sol_sysvar_clock, "delegate", "clock sysvar", e)) ||
		    (rc = want_key(ix, 3, sol_sysvar_stake_history, "delegate", "stake history sysvar", e)) ||
		    (rc = want_signer(ix, 5, "delegate", e)))
			return rc;
		out->stake = ix->accounts[0].pubkey;
		out->other = ix->accounts[1].pubkey;
		out->authority = ix->accounts[5].pubkey;
		return 0;
	case SOL_STAKE_IX_SPLIT:
		if (ix->data_len != 12)
			return error_set(e, ERR_USAGE, "stake split: %zu bytes of data, not 12", ix->data_len);
		if ((rc = want_accounts(ix, 3, "split", e)) || (rc = want_signer(ix, 2, "split", e)))
			return rc;
		out->stake = ix->accounts[0].pubkey;
		out->other = ix->accounts[1].pubkey;
		out->authority = ix->accounts[2].pubkey;
		out->lamports = get_u64(ix->data + 4);
		return 0;
	case SOL_STAKE_IX_WITHDRAW:
		if (ix->data_len != 12)
			return error_set(e, ERR_USAGE, "stake withdraw: %zu bytes of data, not 12", ix->data_len);
		if ((rc = want_accounts(ix, 5, "withdraw", e)) ||
		    (rc = want_key(ix, 2, sol_sysvar_clock, "withdraw", "clock sysvar", e)) ||
		    (rc = want_key(ix, 3, sol_sysvar_stake_history, "withdraw", "stake history sysvar", e)) ||
		    (rc = want_signer(ix, 4, "withdraw", e)))
			return rc;
		out->stake = ix->accounts[0].pubkey;
		out->other = ix->accounts[1].pubkey;
		out->authority = ix->accounts[4].pubkey;
		out->lamports = get_u64(ix->data + 4);
		return 0;
	case SOL_STAKE_IX_DEACTIVATE:
		if (ix->data_len != 4)
			return error_set(e, ERR_USAGE, "stake deactivate: %zu bytes of data, not 4", ix->data_len);
		if ((rc = want_accounts(ix, 3, "deactivate", e)) ||
		    (rc = want_key(ix, 1, sol_sysvar_clock, "deactivate", "clock sysvar", e)) ||
		    (rc = want_signer(ix, 2, "deactivate", e)))
			return rc;
		out->stake = ix->accounts[0].pubkey;
		out->authority = ix->accounts[2].pubkey;
		return 0;
	default:
		return error_set(e, ERR_USAGE, "stake instruction %u is not one depinctl builds", v);
	}
}

/* ---- accounts ------------------------------------------------------------ */

int sol_stake_parse(struct sol_stake_account *out, const uint8_t *data, size_t len, struct error *e)
{
	memset(out, 0, sizeof *out);
	out->activation_epoch = out->deactivation_epoch = SOL_STAKE_EPOCH_MAX;
	if (len < 4)
		return error_set(e, ERR_USAGE, "stake account: %zu bytes", len);
	uint32_t tag = get_u32(data);
	switch (tag) {
	case SOL_STAKE_UNINITIALIZED:
	case SOL_STAKE_REWARDS_POOL:
		out->kind = (enum sol_stake_kind)tag;
		return 0;
	case SOL_STAKE_INITIALIZED:
	case SOL_STAKE_DELEGATED:
		break;
	default:
		return error_set(e, ERR_USAGE, "stake account: unknown state %u", tag);
	}
	size_t need = tag == SOL_STAKE_DELEGATED ? 197 : 124;
	if (len < need)
		return error_set(e, ERR_USAGE, "stake account: %zu bytes, the %s state needs %zu", len,
				 tag == SOL_STAKE_DELEGATED ? "delegated" : "initialized", need);
	out->kind = (enum sol_stake_kind)tag;
	out->rent_exempt_reserve = get_u64(data + 4);
	memcpy(out->staker, data + 12, 32);
	memcpy(out->withdrawer, data + 44, 32);
	out->lockup_unix_timestamp = (int64_t)get_u64(data + 76);
	out->lockup_epoch = get_u64(data + 84);
	memcpy(out->lockup_custodian, data + 92, 32);
	if (tag == SOL_STAKE_DELEGATED) {
		memcpy(out->voter, data + 124, 32);
		out->stake = get_u64(data + 156);
		out->activation_epoch = get_u64(data + 164);
		out->deactivation_epoch = get_u64(data + 172);
		/* 180..188: the deprecated warmup_cooldown_rate (f64) */
		out->credits_observed = get_u64(data + 188);
		out->flags = data[196];
	}
	return 0;
}

int sol_stake_history_parse(struct sol_stake_history *out, const uint8_t *data, size_t len, struct error *e)
{
	out->n = 0;
	if (len < 8)
		return error_set(e, ERR_USAGE, "stake history: %zu bytes", len);
	uint64_t n = get_u64(data);
	if (n > SOL_STAKE_HISTORY_MAX)
		return error_set(e, ERR_USAGE, "stake history: %llu entries, at most %d", (unsigned long long)n,
				 SOL_STAKE_HISTORY_MAX);
	if ((len - 8) / 32 < n)
		return error_set(e, ERR_USAGE, "stake history: %llu entries in %zu bytes", (unsigned long long)n, len);
	for (size_t i = 0; i < n; i++) {
		const uint8_t *p = data + 8 + 32 * i;
		out->e[i] = (struct sol_stake_history_entry){get_u64(p), get_u64(p + 8), get_u64(p + 16),
							     get_u64(p + 24)};
	}
	out->n = (size_t)n;
	return 0;
}

static const struct sol_stake_history_entry *history_get(const struct sol_stake_history *h, uint64_t epoch)
{
	if (!h)
		return NULL;
	for (size_t i = 0; i < h->n; i++)
		if (h->e[i].epoch == epoch)
			return &h->e[i];
	return NULL;
}

static double rate(uint64_t epoch, uint64_t new_rate_epoch)
{
	return epoch < new_rate_epoch ? 0.25 : 0.09;
}

/* Delegation::stake_and_activating: (effective, activating) at epoch. */
static void stake_and_activating(uint64_t *effective, uint64_t *activating, const struct sol_stake_account *a,
				 uint64_t epoch, const struct sol_stake_history *h, uint64_t new_rate_epoch)
{
	uint64_t delegated = a->stake;
	*effective = *activating = 0;
	if (a->activation_epoch == SOL_STAKE_EPOCH_MAX) { /* bootstrap */
		*effective = delegated;
		return;
	}
	if (a->activation_epoch == a->deactivation_epoch || epoch < a->activation_epoch)
		return;
	if (epoch == a->activation_epoch) {
		*activating = delegated;
		return;
	}
	const struct sol_stake_history_entry *prev = history_get(h, a->activation_epoch);
	if (!prev) {
		*effective = delegated;
		return;
	}
	uint64_t prev_epoch = a->activation_epoch, cur = 0;
	for (;;) {
		uint64_t current_epoch = prev_epoch + 1;
		if (prev->activating == 0)
			break;
		uint64_t remaining = delegated - cur;
		double weight = (double)remaining / (double)prev->activating;
		double newly_cluster = (double)prev->effective * rate(current_epoch, new_rate_epoch);
		double x = weight * newly_cluster;
		uint64_t newly = x >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)x;
		if (newly < 1)
			newly = 1;
		cur = cur + newly < cur ? UINT64_MAX : cur + newly;
		if (cur >= delegated) {
			cur = delegated;
			break;
		}
		if (current_epoch >= epoch || current_epoch >= a->deactivation_epoch)
			break;
		const struct sol_stake_history_entry *next = history_get(h, current_epoch);
		if (!next)
			break;
		prev_epoch = current_epoch;
		prev = next;
	}
	*effective = cur;
	*activating = delegated - cur;
}

void sol_stake_activation(struct sol_stake_activation *out, const struct sol_stake_account *a, uint64_t epoch,
			  const struct sol_stake_history *h, uint64_t new_rate_epoch)
{
	memset(out, 0, sizeof *out);
	out->state = SOL_STAKE_STATE_INACTIVE;
	if (a->kind != SOL_STAKE_DELEGATED)
		return;
	uint64_t eff, act;
	stake_and_activating(&eff, &act, a, epoch, h, new_rate_epoch);
	if (epoch < a->deactivation_epoch) {
		out->effective = eff;
		out->activating = act;
	} else if (epoch == a->deactivation_epoch) {
		out->effective = out->deactivating = eff;
	} else {
		const struct sol_stake_history_entry *prev = history_get(h, a->deactivation_epoch);
		if (prev) {
			uint64_t prev_epoch = a->deactivation_epoch, cur = eff;
			for (;;) {
				uint64_t current_epoch = prev_epoch + 1;
				if (prev->deactivating == 0)
					break;
				double weight = (double)cur / (double)prev->deactivating;
				double newly_cluster = (double)prev->effective * rate(current_epoch, new_rate_epoch);
				double x = weight * newly_cluster;
				uint64_t newly = x >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)x;
				if (newly < 1)
					newly = 1;
				cur = cur > newly ? cur - newly : 0;
				if (cur == 0 || current_epoch >= epoch)
					break;
				const struct sol_stake_history_entry *next = history_get(h, current_epoch);
				if (!next)
					break;
				prev_epoch = current_epoch;
				prev = next;
			}
			out->effective = out->deactivating = cur;
		}
	}
	if (out->deactivating)
		out->state = SOL_STAKE_STATE_DEACTIVATING;
	else if (out->activating)
		out->state = SOL_STAKE_STATE_ACTIVATING;
	else if (out->effective)
		out->state = SOL_STAKE_STATE_ACTIVE;
}

const char *sol_stake_state_name(enum sol_stake_state s)
{
	switch (s) {
	case SOL_STAKE_STATE_ACTIVATING: return "activating";
	case SOL_STAKE_STATE_ACTIVE: return "active";
	case SOL_STAKE_STATE_DEACTIVATING: return "deactivating";
	case SOL_STAKE_STATE_INACTIVE: break;
	}
	return "inactive";
}

const char *sol_stake_kind_name(enum sol_stake_kind k)
{
	switch (k) {
	case SOL_STAKE_INITIALIZED: return "initialized";
	case SOL_STAKE_DELEGATED: return "delegated";
	case SOL_STAKE_REWARDS_POOL: return "rewards pool";
	case SOL_STAKE_UNINITIALIZED: break;
	}
	return "uninitialized";
}
