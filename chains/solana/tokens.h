/* SPL tokens: the mints depinctl knows by symbol, and the account layouts of
 * the Token and Token-2022 programs (a 165-byte token account, an 82-byte
 * mint, and Token-2022's extensions after them). Parsing is strict: every
 * length is checked, nothing is read past the data given. */
#ifndef DEPINCTL_SOL_TOKENS_H
#define DEPINCTL_SOL_TOKENS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "error.h"

#define SOL_TOKENS_ACCOUNT_LEN 165  /* a token account without extensions */
#define SOL_TOKENS_MINT_LEN 82      /* a mint without extensions */
#define SOL_TOKENS_MULTISIG_LEN 355 /* a multisig account: never an account or a mint */
#define SOL_TOKENS_NATIVE_MINT "So11111111111111111111111111111111111111112"

/* A mint known by symbol. Its decimals are not listed: they are read from
 * the mint account on the chain, which is what counts. */
struct sol_tokens_known {
	const char *symbol;
	const char *mint;   /* base58 */
	const char *name;
};

extern const struct sol_tokens_known sol_tokens_known[];
extern const size_t sol_tokens_known_len;

/* By symbol (any case) or by mint address; NULL when not known. */
const struct sol_tokens_known *sol_tokens_by_symbol(const char *symbol);
const struct sol_tokens_known *sol_tokens_by_mint(const char *mint);

/* How a mint is shown: its symbol when known, else "Abcd...wxyz".
 * out_size >= 12. */
void sol_tokens_label(char *out, size_t out_size, const char *mint);

enum sol_tokens_state {
	SOL_TOKENS_UNINITIALIZED = 0,
	SOL_TOKENS_INITIALIZED = 1,
	SOL_TOKENS_FROZEN = 2,
};

struct sol_tokens_account {
	uint8_t mint[32];
	uint8_t owner[32];
	uint64_t amount;
	enum sol_tokens_state state;
	bool is_native;      /* wrapped SOL */
};

/* A token account of either program: 165 bytes, or (Token-2022) more with
 * the account type byte 2 at offset 165. ERR_USAGE for anything else: a
 * mint, a multisig, an uninitialized account, a short buffer. */
int sol_tokens_parse_account(struct sol_tokens_account *out, const uint8_t *data, size_t len,
			     struct error *e) WUR;

/* Token-2022 mint extensions that matter to a transfer. */
enum {
	SOL_TOKENS_EXT_TRANSFER_FEE = 1 << 0,     /* TransferFeeConfig (1) */
	SOL_TOKENS_EXT_NON_TRANSFERABLE = 1 << 1, /* NonTransferable (9) */
	SOL_TOKENS_EXT_TRANSFER_HOOK = 1 << 2,    /* TransferHook (14) */
	SOL_TOKENS_EXT_PAUSABLE = 1 << 3,         /* PausableConfig (26) */
	SOL_TOKENS_EXT_CONFIDENTIAL = 1 << 4,     /* ConfidentialTransferMint (4) */
};

struct sol_tokens_mint {
	uint64_t supply;
	uint8_t decimals;
	bool has_freeze_authority;
	unsigned extensions;    /* SOL_TOKENS_EXT_* */
	uint16_t fee_bps;       /* the newer transfer fee, basis points */
	uint64_t fee_max;       /* its cap, base units */
	size_t account_len;     /* bytes of a new associated token account */
};

/* A mint of the Token program (exactly 82 bytes) or of Token-2022
 * (token_2022: 82 bytes, or padded to 165 with the account type byte 1 and
 * its extensions in type-length-value form after it). ERR_USAGE when the
 * data is not an initialized mint. */
int sol_tokens_parse_mint(struct sol_tokens_mint *out, const uint8_t *data, size_t len, bool token_2022,
			  struct error *e) WUR;

#endif
