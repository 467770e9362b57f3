/* Helium's reward-claim accounts, PDAs and instructions (see lazy.h). The
 * layouts are the IDLs' (@helium/idls), checked against Anchor's coder in
 * tests/integration/helium-claim.sh. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <sodium.h>

#include "networks/helium/lazy.h"
#include "chains/solana/anchor.h"
#include "chains/solana/borsh.h"
#include "chains/solana/pda.h"

/* 1azyuavdMyvsivtNxPoz6SucD18eDHeXzFCUPq5XU7w */
const uint8_t helium_lazy_distributor_program[32] = {
	0x00, 0x26, 0x71, 0x8c, 0xd3, 0x11, 0xa5, 0x8f, 0x01, 0x8d, 0xf3, 0xe5, 0x37, 0xac, 0xbb, 0xba,
	0x73, 0x03, 0x64, 0x09, 0xe1, 0x53, 0x6c, 0xe5, 0x84, 0x35, 0xbe, 0x9b, 0x9c, 0xb8, 0x57, 0x4e};
/* rorcfdX4h9m9swCKgcypaHJ8NGYVANBpmV9EHn3cYrF */
const uint8_t helium_rewards_oracle_program[32] = {
	0x0c, 0xc2, 0x70, 0x72, 0x90, 0x7e, 0x24, 0xa3, 0x52, 0x6e, 0x48, 0xeb, 0x1e, 0xe1, 0x1f, 0x33,
	0x6a, 0xdc, 0x9a, 0xff, 0xb2, 0xb1, 0x2d, 0xbc, 0x7c, 0xf5, 0x18, 0xca, 0x77, 0x15, 0x91, 0xbc};
/* circAbx64bbsscPbQzZAUvuXpHqrCe6fLMzc2uKXz9g */
const uint8_t helium_circuit_breaker_program[32] = {
	0x09, 0x26, 0xa7, 0x7b, 0xee, 0xf4, 0xef, 0xec, 0x98, 0x0e, 0x91, 0x49, 0x45, 0xa7, 0x2e, 0x20,
	0xd7, 0x9c, 0x84, 0x21, 0xa7, 0xeb, 0x4e, 0xb8, 0xdf, 0xfc, 0xe5, 0x9d, 0xe6, 0x27, 0xf2, 0x0b};
/* cmtDvXumGCrqC1Age74AVPhSRVXJMd8PJS91L8KbNCK */
const uint8_t helium_compression_program[32] = {
	0x09, 0x2a, 0x13, 0xee, 0x95, 0xc4, 0x1c, 0xba, 0x08, 0xa6, 0x7f, 0x5a, 0xc6, 0x7e, 0x8d, 0xf7,
	0xe1, 0xda, 0x11, 0x62, 0x5e, 0x1d, 0x64, 0x13, 0x7f, 0x8f, 0x4f, 0x23, 0x83, 0x03, 0x7f, 0x14};
/* hemjuPXBpNvggtaUnN1MwT3wrdhttKEfosTcc2P9Pg8 */
const uint8_t helium_entity_manager_program[32] = {
	0x0a, 0x69, 0xf0, 0xca, 0xa5, 0x0a, 0xd9, 0x7e, 0xb1, 0x2b, 0xfd, 0xc8, 0xbf, 0x89, 0x98, 0x95,
	0xe4, 0x0a, 0x2c, 0xb8, 0xb6, 0xe4, 0xb1, 0xa5, 0xf7, 0x1a, 0x1f, 0x2c, 0xa4, 0xd4, 0x80, 0x75};
/* hdaoVTCqhfHHo75XdAMxBKdUqvq1i5bF23sisBqVgGR */
const uint8_t helium_sub_daos_program[32] = {
	0x0a, 0x68, 0x98, 0xbe, 0x15, 0xfc, 0x83, 0x26, 0x94, 0x36, 0x2f, 0xf1, 0x3e, 0xd1, 0xe2, 0x9c,
	0x37, 0xe6, 0x87, 0x21, 0x27, 0xd6, 0xb6, 0xf9, 0xd4, 0x1a, 0x28, 0xee, 0x81, 0x7d, 0xcc, 0x9a};
/* Ed25519SigVerify111111111111111111111111111 */
const uint8_t helium_ed25519_program[32] = {
	0x03, 0x7d, 0x46, 0xd6, 0x7c, 0x93, 0xfb, 0xbe, 0x12, 0xf9, 0x42, 0x8f, 0x83, 0x8d, 0x40, 0xff,
	0x05, 0x70, 0x74, 0x49, 0x27, 0xf4, 0x8a, 0x64, 0xfc, 0xca, 0x70, 0x44, 0x80, 0x00, 0x00, 0x00};
/* Sysvar1nstructions1111111111111111111111111 */
const uint8_t helium_sysvar_instructions[32] = {
	0x06, 0xa7, 0xd5, 0x17, 0x18, 0x7b, 0xd1, 0x66, 0x35, 0xda, 0xd4, 0x04, 0x55, 0xfd, 0xc2, 0xc0,
	0xc1, 0x24, 0xc6, 0x8f, 0x21, 0x56, 0x75, 0xa5, 0xdb, 0xba, 0xcb, 0x5f, 0x08, 0x00, 0x00, 0x00};
/* hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux */
const uint8_t helium_hnt_mint[32] = {
	0x0a, 0x73, 0x20, 0x93, 0x91, 0x85, 0x61, 0xf7, 0xdd, 0x7f, 0xcb, 0xec, 0x4a, 0xbd, 0x85, 0x13,
	0xde, 0xca, 0x1a, 0x96, 0x7f, 0x7a, 0xd7, 0xa3, 0x9d, 0x63, 0xb4, 0x1e, 0xd8, 0x93, 0x80, 0x8b};

static const uint8_t system_program[32] = {0};
/* TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA */
static const uint8_t token_program[32] = {
	0x06, 0xdd, 0xf6, 0xe1, 0xd7, 0x65, 0xa1, 0x93, 0xd9, 0xcb, 0xe1, 0x46, 0xce, 0xeb, 0x79, 0xac,
	0x1c, 0xb4, 0x85, 0xed, 0x5f, 0x5b, 0x37, 0x91, 0x3a, 0x8c, 0xf5, 0x85, 0x7e, 0xff, 0x00, 0xa9};
/* ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL */
static const uint8_t ata_program[32] = {
	0x8c, 0x97, 0x25, 0x8f, 0x4e, 0x24, 0x89, 0xf1, 0xbb, 0x3d, 0x10, 0x29, 0x14, 0x8e, 0x0d, 0x83,
	0x0b, 0x5a, 0x13, 0x99, 0xda, 0xff, 0x10, 0x84, 0x04, 0x8e, 0x7b, 0xd8, 0xdb, 0xe9, 0xf8, 0x59};

static int bad(struct error *e, const char *what, const struct borsh_reader *r)
{
	return error_set(e, ERR_USAGE, "%s: %s at byte %zu", what, r->err ? r->err : "malformed", r->err_pos);
}

/* ---- accounts ------------------------------------------------------------------- */

int helium_lazy_distributor_parse(struct helium_lazy_distributor *out, const uint8_t *data, size_t len,
				  struct error *e)
{
	struct borsh_reader r;
	uint32_t n;
	bool some;
	memset(out, 0, sizeof *out);
	if (anchor_account_check(data, len, "LazyDistributorV0", e))
		return ERR_USAGE;
	borsh_reader_init(&r, data + 8, len - 8);
	if (borsh_read_u16(&r, &out->version) || borsh_read_fixed(&r, out->rewards_mint, 32) ||
	    borsh_read_fixed(&r, out->rewards_escrow, 32) || borsh_read_fixed(&r, out->authority, 32) ||
	    borsh_read_u32(&r, &n))
		return bad(e, "LazyDistributorV0", &r);
	if (n == 0 || n > HELIUM_MAX_ORACLES)
		return error_set(e, ERR_USAGE, "LazyDistributorV0: %u oracles (1 to %d expected)", n,
				 HELIUM_MAX_ORACLES);
	for (uint32_t i = 0; i < n; i++) {
		struct helium_oracle_config *o = &out->oracles[i];
		if (borsh_read_fixed(&r, o->oracle, 32) || borsh_read_string(&r, o->url, sizeof o->url))
			return bad(e, "LazyDistributorV0 oracle", &r);
	}
	out->noracles = n;
	uint8_t bump;
	if (borsh_read_u8(&r, &bump) || borsh_read_option(&r, &some))
		return bad(e, "LazyDistributorV0", &r);
	out->has_approver = some;
	if (some && borsh_read_fixed(&r, out->approver, 32))
		return bad(e, "LazyDistributorV0 approver", &r);
	return 0; /* accounts may carry padding after the fields */
}

int helium_recipient_parse(struct helium_recipient *out, const uint8_t *data, size_t len, struct error *e)
{
	struct borsh_reader r;
	uint32_t n;
	memset(out, 0, sizeof *out);
	if (anchor_account_check(data, len, "RecipientV0", e))
		return ERR_USAGE;
	borsh_reader_init(&r, data + 8, len - 8);
	if (borsh_read_fixed(&r, out->lazy_distributor, 32) || borsh_read_fixed(&r, out->asset, 32) ||
	    borsh_read_u64(&r, &out->total_rewards) || borsh_read_u16(&r, &out->current_config_version) ||
	    borsh_read_u32(&r, &n))
		return bad(e, "RecipientV0", &r);
	if (n > 64)
		return error_set(e, ERR_USAGE, "RecipientV0: %u current rewards", n);
	for (uint32_t i = 0; i < n; i++) {
		bool some;
		uint64_t v;
		if (borsh_read_option(&r, &some) || (some && borsh_read_u64(&r, &v)))
			return bad(e, "RecipientV0", &r);
	}
	uint8_t bump;
	uint64_t reserved;
	if (borsh_read_u8(&r, &bump) || borsh_read_u64(&r, &reserved) || borsh_read_fixed(&r, out->destination, 32))
		return bad(e, "RecipientV0", &r);
	return 0;
}

int helium_circuit_breaker_parse(struct helium_circuit_breaker *out, const uint8_t *data, size_t len,
				 struct error *e)
{
	struct borsh_reader r;
	uint8_t authority[32], owner[32], tt;
	memset(out, 0, sizeof *out);
	if (anchor_account_check(data, len, "AccountWindowedCircuitBreakerV0", e))
		return ERR_USAGE;
	borsh_reader_init(&r, data + 8, len - 8);
	if (borsh_read_fixed(&r, out->token_account, 32) || borsh_read_fixed(&r, authority, 32) ||
	    borsh_read_fixed(&r, owner, 32) || borsh_read_u64(&r, &out->window_size_seconds) ||
	    borsh_read_u8(&r, &tt) || borsh_read_u64(&r, &out->threshold) ||
	    borsh_read_u64(&r, &out->last_aggregated_value) || borsh_read_i64(&r, &out->last_unix_timestamp))
		return bad(e, "AccountWindowedCircuitBreakerV0", &r);
	if (tt > 1)
		return error_set(e, ERR_USAGE, "AccountWindowedCircuitBreakerV0: threshold type %u", tt);
	if (!out->window_size_seconds)
		return error_set(e, ERR_USAGE, "AccountWindowedCircuitBreakerV0: a window of 0 seconds");
	out->threshold_type = tt;
	return 0;
}

uint64_t helium_circuit_breaker_remaining(const struct helium_circuit_breaker *cb, uint64_t escrow_balance,
					  int64_t now)
{
	unsigned __int128 threshold = cb->threshold;
	if (cb->threshold_type == HELIUM_THRESHOLD_PERCENT)
		threshold = (unsigned __int128)escrow_balance * cb->threshold / UINT64_MAX;
	/* the difference in unsigned arithmetic: a hostile timestamp (INT64_MIN)
	 * must not overflow a signed subtraction */
	uint64_t elapsed = now > cb->last_unix_timestamp ? (uint64_t)now - (uint64_t)cb->last_unix_timestamp : 0;
	if (elapsed > cb->window_size_seconds)
		elapsed = cb->window_size_seconds;
	unsigned __int128 aggregate = (unsigned __int128)cb->last_aggregated_value *
				      (cb->window_size_seconds - elapsed) / cb->window_size_seconds;
	return aggregate >= threshold ? 0 : (uint64_t)(threshold - aggregate);
}

/* spl-account-compression: a type byte (1: concurrent merkle tree), the
 * header (version 0: max_buffer_size u32, max_depth u32, authority,
 * creation_slot u64, is_batch_initialized, 5 padding bytes), the tree
 * (sequence number, active index, buffer size; max_buffer_size change logs
 * of root, depth path nodes, index u32 and padding; the rightmost proof),
 * then the canopy: 2^(d+1) - 2 nodes for a canopy of depth d. */
#define TREE_HEADER 56

int helium_tree_parse(struct helium_tree *out, const uint8_t *data, size_t len, struct error *e)
{
	memset(out, 0, sizeof *out);
	if (len < TREE_HEADER || data[0] != 1 || data[1] != 0)
		return error_set(e, ERR_USAGE, "merkle tree: not a concurrent merkle tree account (v1)");
	uint32_t buf = (uint32_t)data[2] | (uint32_t)data[3] << 8 | (uint32_t)data[4] << 16 | (uint32_t)data[5] << 24;
	uint32_t depth = (uint32_t)data[6] | (uint32_t)data[7] << 8 | (uint32_t)data[8] << 16 |
			 (uint32_t)data[9] << 24;
	if (!depth || depth > HELIUM_MAX_PROOF || !buf || buf > 8192)
		return error_set(e, ERR_USAGE, "merkle tree: depth %u, buffer %u out of range", depth, buf);
	size_t tree = 24 + (size_t)buf * (40 + 32 * (size_t)depth) + (32 * (size_t)depth + 40);
	if (len < TREE_HEADER + tree)
		return error_set(e, ERR_USAGE, "merkle tree: %zu bytes, %zu expected for depth %u buffer %u", len,
				 TREE_HEADER + tree, depth, buf);
	size_t canopy = (len - TREE_HEADER - tree) / 32;
	uint32_t d = 0;
	while (d < depth && ((size_t)2 << (d + 1)) - 2 <= canopy)
		d++;
	if (((size_t)2 << d) - 2 != canopy)
		return error_set(e, ERR_USAGE, "merkle tree: a canopy of %zu nodes", canopy);
	out->max_depth = depth;
	out->max_buffer_size = buf;
	out->canopy_depth = d;
	return 0;
}

/* ---- PDAs ------------------------------------------------------------------------- */

static int pda(uint8_t out[32], const uint8_t program[32], struct error *e, size_t n, ...)
{
	struct sol_seed s[4];
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++) {
		s[i].p = va_arg(ap, const uint8_t *);
		s[i].len = va_arg(ap, size_t);
	}
	va_end(ap);
	return sol_pda_find(out, NULL, s, n, program, e);
}

#define LIT(s) (const uint8_t *)(s), (sizeof(s) - 1)

int helium_pda_lazy_distributor(uint8_t out[32], const uint8_t rewards_mint[32], struct error *e)
{
	return pda(out, helium_lazy_distributor_program, e, 2, LIT("lazy_distributor"), rewards_mint, (size_t)32);
}

int helium_pda_recipient(uint8_t out[32], const uint8_t lazy_distributor[32], const uint8_t asset[32],
			 struct error *e)
{
	return pda(out, helium_lazy_distributor_program, e, 3, LIT("recipient"), lazy_distributor, (size_t)32, asset,
		   (size_t)32);
}

int helium_pda_circuit_breaker(uint8_t out[32], const uint8_t escrow[32], struct error *e)
{
	return pda(out, helium_circuit_breaker_program, e, 2, LIT("account_windowed_breaker"), escrow, (size_t)32);
}

int helium_pda_oracle_signer(uint8_t out[32], struct error *e)
{
	return pda(out, helium_rewards_oracle_program, e, 1, LIT("oracle_signer"));
}

int helium_pda_dao(uint8_t out[32], const uint8_t hnt_mint[32], struct error *e)
{
	return pda(out, helium_sub_daos_program, e, 2, LIT("dao"), hnt_mint, (size_t)32);
}

int helium_pda_key_to_asset(uint8_t out[32], const uint8_t dao[32], const uint8_t *entity_key, size_t len,
			    struct error *e)
{
	uint8_t hash[32];
	crypto_hash_sha256(hash, entity_key, len);
	return pda(out, helium_entity_manager_program, e, 3, LIT("key_to_asset"), dao, (size_t)32, hash, (size_t)32);
}

/* ---- the oracle's message ------------------------------------------------------ */

void helium_oracle_message(uint8_t out[HELIUM_ORACLE_MSG_LEN], const uint8_t lazy_distributor[32],
			   uint16_t oracle_index, uint64_t current_rewards, const uint8_t asset[32])
{
	anchor_account_discriminator(out, "SetCurrentRewardsTransactionV0");
	memcpy(out + 8, lazy_distributor, 32);
	out[40] = (uint8_t)oracle_index;
	out[41] = (uint8_t)(oracle_index >> 8);
	for (int i = 0; i < 8; i++)
		out[42 + i] = (uint8_t)(current_rewards >> (8 * i));
	memcpy(out + 50, asset, 32);
}

int helium_oracle_message_parse(const uint8_t *msg, size_t len, uint8_t lazy_distributor[32],
				uint16_t *oracle_index, uint64_t *current_rewards, uint8_t asset[32], struct error *e)
{
	uint8_t disc[8];
	if (len != HELIUM_ORACLE_MSG_LEN)
		return error_set(e, ERR_REFUSED, "the oracle's message is %zu bytes, not a SetCurrentRewardsTransactionV0 "
				 "(%d)", len, HELIUM_ORACLE_MSG_LEN);
	anchor_account_discriminator(disc, "SetCurrentRewardsTransactionV0");
	if (memcmp(msg, disc, 8) != 0)
		return error_set(e, ERR_REFUSED, "the oracle's message is not a SetCurrentRewardsTransactionV0");
	memcpy(lazy_distributor, msg + 8, 32);
	*oracle_index = (uint16_t)(msg[40] | msg[41] << 8);
	*current_rewards = 0;
	for (int i = 7; i >= 0; i--)
		*current_rewards = *current_rewards << 8 | msg[42 + i];
	memcpy(asset, msg + 50, 32);
	return 0;
}

/* ---- instructions ----------------------------------------------------------------- */

static int acct(struct sol_instruction *ix, const uint8_t key[32], bool w, bool s, int *rc, struct error *e)
{
	if (!*rc)
		*rc = sol_instruction_add_account(ix, key, s, w, e);
	return *rc;
}

static int finish(struct sol_instruction *ix, const uint8_t *data, size_t len, int rc, struct error *e)
{
	if (!rc)
		rc = sol_instruction_set_data(ix, data, len, e);
	if (rc)
		sol_instruction_release(ix);
	return rc;
}

int helium_ix_ed25519(struct sol_instruction *ix, const uint8_t pubkey[32], const uint8_t signature[64],
		      const uint8_t *msg, size_t msg_len, struct error *e)
{
	uint8_t d[112 + 256];
	if (msg_len > 256)
		return error_set(e, ERR_USAGE, "ed25519: a message of %zu bytes", msg_len);
	sol_instruction_init(ix, helium_ed25519_program);
	/* one signature; offsets of the signature, the key and the message, all
	   in this instruction (index 0xffff), as lazy_distributor requires */
	const uint16_t f[7] = {48, 0xffff, 16, 0xffff, 112, (uint16_t)msg_len, 0xffff};
	d[0] = 1;
	d[1] = 0;
	for (int i = 0; i < 7; i++) {
		d[2 + 2 * i] = (uint8_t)f[i];
		d[3 + 2 * i] = (uint8_t)(f[i] >> 8);
	}
	memcpy(d + 16, pubkey, 32);
	memcpy(d + 48, signature, 64);
	memcpy(d + 112, msg, msg_len);
	return finish(ix, d, 112 + msg_len, 0, e);
}

int helium_ix_set_current_rewards_v2(struct sol_instruction *ix, const uint8_t payer[32],
				     const uint8_t lazy_distributor[32], const uint8_t recipient[32],
				     const uint8_t key_to_asset[32], uint16_t oracle_index, uint64_t current_rewards,
				     struct error *e)
{
	uint8_t signer[32], d[18];
	struct borsh_writer w;
	size_t len;
	int rc = helium_pda_oracle_signer(signer, e);
	if (rc)
		return rc;
	sol_instruction_init(ix, helium_rewards_oracle_program);
	acct(ix, payer, true, true, &rc, e);
	acct(ix, lazy_distributor, false, false, &rc, e);
	acct(ix, recipient, true, false, &rc, e);
	acct(ix, key_to_asset, false, false, &rc, e);
	acct(ix, signer, false, false, &rc, e);
	acct(ix, helium_lazy_distributor_program, false, false, &rc, e);
	acct(ix, system_program, false, false, &rc, e);
	acct(ix, helium_sysvar_instructions, false, false, &rc, e);
	borsh_writer_init(&w, d, sizeof d);
	anchor_instruction_discriminator(d, "set_current_rewards_wrapper_v2");
	w.len = 8;
	borsh_write_u16(&w, oracle_index);
	borsh_write_u64(&w, current_rewards);
	if (!rc)
		rc = borsh_writer_finish(&len, &w, e);
	return finish(ix, d, 18, rc, e);
}

static void leaf_args(struct borsh_writer *w, const struct helium_leaf *leaf)
{
	borsh_write_fixed(w, leaf->data_hash, 32);
	borsh_write_fixed(w, leaf->creator_hash, 32);
	borsh_write_fixed(w, leaf->root, 32);
	borsh_write_u32(w, leaf->index);
}

static void proof_accounts(struct sol_instruction *ix, const struct helium_leaf *leaf, int *rc, struct error *e)
{
	for (size_t i = 0; i < leaf->nproof; i++)
		acct(ix, leaf->proof[i], false, false, rc, e);
}

int helium_ix_init_compression_recipient(struct sol_instruction *ix, const uint8_t payer[32],
					 const uint8_t lazy_distributor[32], const uint8_t recipient[32],
					 const struct helium_leaf *leaf, struct error *e)
{
	uint8_t d[8 + 100];
	struct borsh_writer w;
	size_t len;
	int rc = 0;
	sol_instruction_init(ix, helium_lazy_distributor_program);
	acct(ix, payer, true, true, &rc, e);
	acct(ix, lazy_distributor, false, false, &rc, e);
	acct(ix, recipient, true, false, &rc, e);
	acct(ix, leaf->tree, false, false, &rc, e);
	acct(ix, leaf->owner, false, false, &rc, e);
	acct(ix, leaf->delegate, false, false, &rc, e);
	acct(ix, helium_compression_program, false, false, &rc, e);
	acct(ix, system_program, false, false, &rc, e);
	proof_accounts(ix, leaf, &rc, e);
	borsh_writer_init(&w, d, sizeof d);
	anchor_instruction_discriminator(d, "initialize_compression_recipient_v0");
	w.len = 8;
	leaf_args(&w, leaf);
	if (!rc)
		rc = borsh_writer_finish(&len, &w, e);
	return finish(ix, d, sizeof d, rc, e);
}

/* The accounts every distribute instruction starts with (DistributeRewardsCommonV0). */
static void common_accounts(struct sol_instruction *ix, const uint8_t payer[32],
			    const struct helium_lazy_distributor *ld, const uint8_t lazy_distributor[32],
			    const uint8_t recipient[32], const uint8_t owner[32], int *rc, struct error *e)
{
	uint8_t breaker[32], dest[32];
	if (!*rc)
		*rc = helium_pda_circuit_breaker(breaker, ld->rewards_escrow, e);
	if (!*rc)
		*rc = sol_pda_ata(dest, owner, ld->rewards_mint, token_program, e);
	if (*rc)
		return;
	acct(ix, payer, true, true, rc, e);
	acct(ix, lazy_distributor, false, false, rc, e);
	acct(ix, recipient, true, false, rc, e);
	acct(ix, ld->rewards_mint, false, false, rc, e);
	acct(ix, ld->rewards_escrow, true, false, rc, e);
	acct(ix, breaker, true, false, rc, e);
	acct(ix, owner, true, false, rc, e);
	acct(ix, dest, true, false, rc, e);
	acct(ix, ata_program, false, false, rc, e);
	acct(ix, helium_circuit_breaker_program, false, false, rc, e);
	acct(ix, system_program, false, false, rc, e);
	acct(ix, token_program, false, false, rc, e);
}

int helium_ix_distribute_compression(struct sol_instruction *ix, const uint8_t payer[32],
				     const struct helium_lazy_distributor *ld, const uint8_t lazy_distributor[32],
				     const uint8_t recipient[32], const struct helium_leaf *leaf, struct error *e)
{
	uint8_t d[8 + 100];
	struct borsh_writer w;
	size_t len;
	int rc = 0;
	sol_instruction_init(ix, helium_lazy_distributor_program);
	common_accounts(ix, payer, ld, lazy_distributor, recipient, leaf->owner, &rc, e);
	acct(ix, leaf->tree, false, false, &rc, e);
	acct(ix, helium_compression_program, false, false, &rc, e);
	proof_accounts(ix, leaf, &rc, e);
	borsh_writer_init(&w, d, sizeof d);
	anchor_instruction_discriminator(d, "distribute_compression_rewards_v0");
	w.len = 8;
	leaf_args(&w, leaf);
	if (!rc)
		rc = borsh_writer_finish(&len, &w, e);
	return finish(ix, d, sizeof d, rc, e);
}

int helium_ix_distribute_custom(struct sol_instruction *ix, const uint8_t payer[32],
				const struct helium_lazy_distributor *ld, const uint8_t lazy_distributor[32],
				const uint8_t recipient[32], const uint8_t destination[32], struct error *e)
{
	uint8_t d[8];
	int rc = 0;
	sol_instruction_init(ix, helium_lazy_distributor_program);
	common_accounts(ix, payer, ld, lazy_distributor, recipient, destination, &rc, e);
	anchor_instruction_discriminator(d, "distribute_custom_destination_v0");
	return finish(ix, d, sizeof d, rc, e);
}
