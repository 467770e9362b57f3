/* Known mints and the SPL Token / Token-2022 account layouts (see tokens.h).
 *
 * Layouts, from the programs' documented state (spl-token state.rs,
 * token-2022 extension/mod.rs):
 *   token account (165): mint 0..32, owner 32..64, amount u64 64..72,
 *     delegate COption<Pubkey> 72..108, state u8 108, is_native
 *     COption<u64> 109..121, delegated_amount u64 121..129, close_authority
 *     COption<Pubkey> 129..165.
 *   mint (82): mint_authority COption<Pubkey> 0..36, supply u64 36..44,
 *     decimals u8 44, is_initialized u8 45, freeze_authority
 *     COption<Pubkey> 46..82.
 *   Token-2022 with extensions: the base state, zero padding up to 165, the
 *     account type byte at 165 (1 mint, 2 account), then extensions as
 *     u16 type, u16 length, value; a type 0 entry ends the list. An account
 *     that would be 355 bytes long (a multisig's size) gets 4 more bytes.
 * All integers are little-endian. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "chains/solana/tokens.h"

/* Mint addresses, each from the project's own published source:
 *   HNT, MOBILE, IOT, DC: helium/helium-program-library,
 *     packages/spl-utils/src/constants.ts (HNT_MINT, MOBILE_MINT, IOT_MINT,
 *     DC_MINT; commit 9d1170049f7e), and helium/helium-wallet-rs's token
 *     table (the same four).
 *   HONEY (Hivemapper), RENDER, IO (io.net), NOS (Nosana), SHDW (Shadow),
 *     GRASS, USDC, USDT: trustwallet/assets,
 *     blockchains/solana/assets/<mint>/info.json (each file names the symbol
 *     and the project's site; RENDER's file still says its old symbol RNDR).
 *   GEOD: GEODNET's documentation, "Crosschain between Polygon and Solana"
 *     (docs.geodnet.com/geod-token/crosschain-between-polygon-and-solana),
 *     "GEOD token address on Solana".
 *   WSOL: the SPL Token program's native mint. */
const struct sol_tokens_known sol_tokens_known[] = {
	{"HNT", "hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux", "Helium"},
	{"IOT", "iotEVVZLEywoTn1QdwNPddxPWszn3zFhEot3MfL9fns", "Helium IOT"},
	{"MOBILE", "mb1eu7TzEc71KxDpsmsKoucSSuuoGLv1drys1oP2jh6", "Helium MOBILE"},
	{"DC", "dcuc8Amr83Wz27ZkQ2K9NS6r8zRpf1J6cvArEBDZDmm", "Helium Data Credits"},
	{"HONEY", "4vMsoUT2BWatFweudnQM1xedRLfJgJ7hswhcpz4xgBTy", "Hivemapper"},
	{"RENDER", "rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof", "Render"},
	{"IO", "BZLbGTNCSFfoth2GYDtwr7e4imWzpR5jqcUuGEwr646K", "io.net"},
	{"NOS", "nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7", "Nosana"},
	{"GEOD", "7JA5eZdCzztSfQbJvS8aVVxMFfd81Rs9VvwnocV1mKHu", "GEODNET"},
	{"SHDW", "SHDWyBxihqiCj6YekG2GUr7wqKLeLAMK1gHZck9pL6y", "Shadow"},
	{"GRASS", "Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs", "Grass"},
	{"USDC", "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", "USD Coin"},
	{"USDT", "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB", "Tether USD"},
	{"WSOL", SOL_TOKENS_NATIVE_MINT, "Wrapped SOL"},
};
const size_t sol_tokens_known_len = sizeof sol_tokens_known / sizeof sol_tokens_known[0];

const struct sol_tokens_known *sol_tokens_by_symbol(const char *symbol)
{
	for (size_t i = 0; i < sol_tokens_known_len; i++)
		if (strcasecmp(sol_tokens_known[i].symbol, symbol) == 0)
			return &sol_tokens_known[i];
	return NULL;
}

const struct sol_tokens_known *sol_tokens_by_mint(const char *mint)
{
	for (size_t i = 0; i < sol_tokens_known_len; i++)
		if (strcmp(sol_tokens_known[i].mint, mint) == 0)
			return &sol_tokens_known[i];
	return NULL;
}

void sol_tokens_label(char *out, size_t out_size, const char *mint)
{
	const struct sol_tokens_known *k = sol_tokens_by_mint(mint);
	size_t len = strlen(mint);
	if (k)
		snprintf(out, out_size, "%s", k->symbol);
	else if (len > 11)
		snprintf(out, out_size, "%.4s...%s", mint, mint + len - 4);
	else
		snprintf(out, out_size, "%s", mint);
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

enum { ACCOUNT_TYPE_MINT = 1, ACCOUNT_TYPE_ACCOUNT = 2 };
enum {
	EXT_UNINITIALIZED = 0,
	EXT_TRANSFER_FEE_CONFIG = 1,
	EXT_CONFIDENTIAL_TRANSFER_MINT = 4,
	EXT_NON_TRANSFERABLE = 9,
	EXT_TRANSFER_HOOK = 14,
	EXT_PAUSABLE_CONFIG = 26,
};
#define TRANSFER_FEE_CONFIG_LEN 108

int sol_tokens_parse_account(struct sol_tokens_account *out, const uint8_t *data, size_t len, struct error *e)
{
	memset(out, 0, sizeof *out);
	if (len < SOL_TOKENS_ACCOUNT_LEN)
		return error_set(e, ERR_USAGE, "not a token account (%zu bytes)", len);
	if (len == SOL_TOKENS_MULTISIG_LEN)
		return error_set(e, ERR_USAGE, "a multisig, not a token account");
	if (len > SOL_TOKENS_ACCOUNT_LEN && data[SOL_TOKENS_ACCOUNT_LEN] != ACCOUNT_TYPE_ACCOUNT)
		return error_set(e, ERR_USAGE, "not a token account (account type %u)", data[SOL_TOKENS_ACCOUNT_LEN]);
	uint8_t state = data[108];
	if (state == SOL_TOKENS_UNINITIALIZED)
		return error_set(e, ERR_USAGE, "the token account is not initialized");
	if (state > SOL_TOKENS_FROZEN)
		return error_set(e, ERR_USAGE, "not a token account (state %u)", state);
	uint32_t native_tag = le32(data + 109);
	if (native_tag > 1)
		return error_set(e, ERR_USAGE, "not a token account (bad is_native)");
	memcpy(out->mint, data, 32);
	memcpy(out->owner, data + 32, 32);
	out->amount = le64(data + 64);
	out->state = (enum sol_tokens_state)state;
	out->is_native = native_tag == 1;
	return ERR_OK;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

int sol_tokens_parse_mint(struct sol_tokens_mint *out, const uint8_t *data, size_t len, bool token_2022,
			  struct error *e)
{
	memset(out, 0, sizeof *out);
	out->account_len = SOL_TOKENS_ACCOUNT_LEN;
	if (len != SOL_TOKENS_MINT_LEN) {
		if (!token_2022 || len <= SOL_TOKENS_ACCOUNT_LEN || len == SOL_TOKENS_MULTISIG_LEN)
			return error_set(e, ERR_USAGE, "not a mint (%zu bytes)", len);
		if (data[SOL_TOKENS_ACCOUNT_LEN] != ACCOUNT_TYPE_MINT ||
		    !all_zero(data + SOL_TOKENS_MINT_LEN, SOL_TOKENS_ACCOUNT_LEN - SOL_TOKENS_MINT_LEN))
			return error_set(e, ERR_USAGE, "not a mint (account type %u)", data[SOL_TOKENS_ACCOUNT_LEN]);
	}
	if (le32(data) > 1 || le32(data + 46) > 1)
		return error_set(e, ERR_USAGE, "not a mint (bad authority option)");
	if (data[45] != 1)
		return error_set(e, ERR_USAGE, "the mint is not initialized");
	out->supply = le64(data + 36);
	out->decimals = data[44];
	out->has_freeze_authority = le32(data + 46) == 1;
	if (token_2022)
		/* the associated token account program asks for ImmutableOwner */
		out->account_len = SOL_TOKENS_ACCOUNT_LEN + 1 + 4;
	size_t off = SOL_TOKENS_ACCOUNT_LEN + 1;
	while (len > SOL_TOKENS_MINT_LEN && off + 4 <= len) {
		uint16_t type = le16(data + off), l = le16(data + off + 2);
		const uint8_t *v = data + off + 4;
		if (type == EXT_UNINITIALIZED)
			break;
		if (l > len - off - 4)
			return error_set(e, ERR_USAGE, "mint extension %u runs past the data", type);
		switch (type) {
		case EXT_TRANSFER_FEE_CONFIG:
			if (l != TRANSFER_FEE_CONFIG_LEN)
				return error_set(e, ERR_USAGE, "mint transfer fee extension of %u bytes", l);
			out->extensions |= SOL_TOKENS_EXT_TRANSFER_FEE;
			out->fee_max = le64(v + 98);
			out->fee_bps = le16(v + 106);
			out->account_len += 4 + 8; /* TransferFeeAmount */
			break;
		case EXT_NON_TRANSFERABLE:
			out->extensions |= SOL_TOKENS_EXT_NON_TRANSFERABLE;
			out->account_len += 4; /* NonTransferableAccount */
			break;
		case EXT_TRANSFER_HOOK:
			out->extensions |= SOL_TOKENS_EXT_TRANSFER_HOOK;
			out->account_len += 4 + 1; /* TransferHookAccount */
			break;
		case EXT_PAUSABLE_CONFIG:
			out->extensions |= SOL_TOKENS_EXT_PAUSABLE;
			out->account_len += 4; /* PausableAccount */
			break;
		case EXT_CONFIDENTIAL_TRANSFER_MINT:
			out->extensions |= SOL_TOKENS_EXT_CONFIDENTIAL;
			break;
		default:
			break;
		}
		off += 4 + (size_t)l;
	}
	if (out->account_len == SOL_TOKENS_MULTISIG_LEN)
		out->account_len += 4;
	return ERR_OK;
}
