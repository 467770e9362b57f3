/* Anchor's discriminators: the first 8 bytes of an Anchor program's
 * instruction data and of its accounts' data. */
#ifndef DEPINCTL_SOL_ANCHOR_H
#define DEPINCTL_SOL_ANCHOR_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

#define ANCHOR_DISCRIMINATOR_LEN 8

/* sha256("global:" || name)[0..8], name in snake case ("initialize"). */
void anchor_instruction_discriminator(uint8_t out[ANCHOR_DISCRIMINATOR_LEN], const char *name);
/* sha256("account:" || name)[0..8], name as the Rust struct ("LazyDistributorV0"). */
void anchor_account_discriminator(uint8_t out[ANCHOR_DISCRIMINATOR_LEN], const char *name);
/* 0 when data starts with the account discriminator of name; ERR_USAGE when
 * it is shorter than 8 bytes or another account type. */
int anchor_account_check(const uint8_t *data, size_t len, const char *name, struct error *e) WUR;

#endif
