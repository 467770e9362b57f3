/* Helium data credits: the data_credits program's DataCreditsV0 account,
 * the Pyth pull oracle's PriceUpdateV2 account (pyth-solana-receiver) the
 * program prices HNT with, the DC a mint yields as mint_data_credits_v0
 * computes it, and the mint_data_credits_v0 / delegate_data_credits_v0
 * instructions.
 *
 * The price the program uses is the feed's EMA less twice its EMA
 * confidence (ema_price - 2 * ema_conf, at the feed's exponent), and
 *   dc  = hnt_base_units * price / 10^(hnt_decimals - exponent - 5)
 *   hnt = dc * 10^(hnt_decimals - exponent - 5) / price
 * both rounded down ($1 = 100,000 DC). The program refuses a price update
 * not owned by the Pyth receiver, not fully verified, of another feed, or
 * published more than 10 minutes before the transaction runs.
 *
 * Facts from helium-program-library (programs/data-credits) and Pyth's
 * pyth-solana-receiver-sdk; no code of theirs. */
#ifndef DEPINCTL_HELIUM_DC_H
#define DEPINCTL_HELIUM_DC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "chains/solana/message.h"

/* Program ids, mints and accounts (base58). */
#define DC_PROGRAM_ID "credMBJhYFzfn7NxBMdU4aUqFggAjgztaCcv2Fo6fPT"
#define DC_HELIUM_SUB_DAOS_ID "hdaoVTCqhfHHo75XdAMxBKdUqvq1i5bF23sisBqVgGR"
#define DC_CIRCUIT_BREAKER_ID "circAbx64bbsscPbQzZAUvuXpHqrCe6fLMzc2uKXz9g"
#define DC_DC_MINT "dcuc8Amr83Wz27ZkQ2K9NS6r8zRpf1J6cvArEBDZDmm"
#define DC_HNT_MINT "hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux"
#define DC_IOT_MINT "iotEVVZLEywoTn1QdwNPddxPWszn3zFhEot3MfL9fns"
#define DC_MOBILE_MINT "mb1eu7TzEc71KxDpsmsKoucSSuuoGLv1drys1oP2jh6"
/* The Pyth receiver that must own the price update (its "pro" deployment;
 * the legacy rec5EKMG... is refused by the program). */
#define DC_PYTH_RECEIVER_ID "rec2HHDDnjLfj4kE7VyEtFA1HPGQLK33259532cRyHp"
/* The HNT/USD price update account kept fresh on mainnet (shard 0); the
 * one used is the DataCreditsV0's hnt_price_oracle. */
#define DC_HNT_PRICE_ACCOUNT "He5mhwVQQNvjFxqjEjFDb7enJWFwFJ7Rq7zknqBz89A5"
/* Pyth's HNT/USD feed id. */
extern const uint8_t dc_hnt_feed_id[32];

#define DC_PRICE_MAX_AGE 600 /* seconds the program accepts a price after its publish time */
#define DC_DECIMALS 0
#define DC_USD_EXPONENT 5    /* $1 = 10^5 DC */

/* Decodes one of the base58 constants above into 32 bytes. */
void dc_key(uint8_t out[32], const char *b58);

/* DataCreditsV0 (Anchor account "DataCreditsV0"). */
struct dc_data_credits {
	uint8_t dc_mint[32];
	uint8_t hnt_mint[32];
	uint8_t authority[32];
	uint8_t hnt_price_oracle[32];
	uint8_t data_credits_bump;
	uint8_t account_payer[32];
	uint8_t account_payer_bump;
};
int dc_data_credits_parse(struct dc_data_credits *out, const uint8_t *data, size_t len, struct error *e) WUR;

/* PriceUpdateV2 (Anchor account "PriceUpdateV2"). */
struct dc_price {
	uint8_t write_authority[32];
	bool full;                 /* VerificationLevel::Full, else Partial */
	uint8_t num_signatures;    /* Partial's */
	uint8_t feed_id[32];
	int64_t price;
	uint64_t conf;
	int32_t exponent;
	int64_t publish_time;
	int64_t prev_publish_time;
	int64_t ema_price;
	uint64_t ema_conf;
	uint64_t posted_slot;
};
/* Parses the account data (trailing padding allowed: the account is
 * allocated at the Partial size). */
int dc_price_parse(struct dc_price *out, const uint8_t *data, size_t len, struct error *e) WUR;
/* The checks mint_data_credits_v0 makes on the account: owner (the Pyth
 * receiver), Full verification, the HNT feed, a positive EMA, published at
 * most DC_PRICE_MAX_AGE seconds before now. ERR_REFUSED saying which. */
int dc_price_check(const struct dc_price *p, const uint8_t owner[32], int64_t now, struct error *e) WUR;
/* ema_price - 2 * ema_conf, as the program computes it; ERR_REFUSED when
 * it is not positive or overflows. */
int dc_price_for_mint(int64_t *out, const struct dc_price *p, struct error *e) WUR;
/* USD per HNT in nano-USD (for display and metrics), from the EMA less
 * twice its confidence (conservative) or the spot price; ERR_REFUSED when
 * not positive, ERR_USAGE for an exponent outside [-18, 0]. */
int dc_price_nusd(uint64_t *out, const struct dc_price *p, bool conservative, struct error *e) WUR;

/* The DC minted for hnt base units / the HNT base units burnt for dc, as the
 * program computes them. ERR_USAGE for an exponent the program cannot use,
 * ERR_REFUSED for a price it refuses, ERR_FAIL for an overflow (the program
 * fails too). */
int dc_from_hnt(uint64_t *dc, const struct dc_price *p, unsigned hnt_decimals, uint64_t hnt, struct error *e) WUR;
int dc_hnt_for_dc(uint64_t *hnt, const struct dc_price *p, unsigned hnt_decimals, uint64_t dc, struct error *e) WUR;

/* PDAs of the data_credits program. */
int dc_data_credits_key(uint8_t out[32], const uint8_t dc_mint[32], struct error *e) WUR;
int dc_delegated_key(uint8_t out[32], const uint8_t sub_dao[32], const char *router_key, struct error *e) WUR;
int dc_escrow_key(uint8_t out[32], const uint8_t delegated[32], struct error *e) WUR;
/* helium_sub_daos' DAO of the HNT mint and sub-DAO of a subnetwork mint. */
int dc_dao_key(uint8_t out[32], const uint8_t hnt_mint[32], struct error *e) WUR;
int dc_sub_dao_key(uint8_t out[32], const uint8_t dnt_mint[32], struct error *e) WUR;
/* "iot" / "mobile" -> its token mint; ERR_USAGE otherwise. */
int dc_subnetwork_mint(uint8_t out[32], const char *name, struct error *e) WUR;

/* mint_data_credits_v0: burns HNT from owner's HNT token account and mints DC
 * into recipient's DC token account. Exactly one of hnt / dc is non-zero
 * (the program's Option args), else ERR_USAGE. */
struct dc_mint_args {
	const uint8_t *owner;          /* signer, pays */
	const uint8_t *recipient;      /* receives the DC: owner when NULL */
	const struct dc_data_credits *dc; /* the DataCreditsV0 read from the chain */
	uint64_t hnt;                  /* Some(hnt_amount) when non-zero */
	uint64_t dc_amount;            /* Some(dc_amount) when non-zero */
};
int dc_build_mint(struct sol_instruction *ix, const struct dc_mint_args *a, struct error *e) WUR;

/* delegate_data_credits_v0: moves amount DC of owner (signer; payer too)
 * into the escrow of the sub-DAO's delegation to router_key. */
int dc_build_delegate(struct sol_instruction *ix, const uint8_t owner[32], const uint8_t dc_mint[32],
		      const uint8_t dao[32], const uint8_t sub_dao[32], const char *router_key, uint64_t amount,
		      struct error *e) WUR;

/* An SPL token account's amount and state (frozen DC accounts are normal:
 * the program freezes them). ERR_USAGE when data is not one. */
int dc_token_account(uint64_t *amount, uint8_t mint[32], uint8_t owner[32], bool *frozen, const uint8_t *data,
		     size_t len, struct error *e) WUR;
/* An SPL mint's decimals and supply. */
int dc_mint_info(uint8_t *decimals, uint64_t *supply, const uint8_t *data, size_t len, struct error *e) WUR;

#endif
