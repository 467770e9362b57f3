/* EIP-191 version 0x45 ("personal_sign"): the digest a wallet signs for a
 * plain message. */
#ifndef DEPINCTL_EIP191_H
#define DEPINCTL_EIP191_H

#include <stddef.h>
#include <stdint.h>

/* keccak256("\x19Ethereum Signed Message:\n" || decimal len || msg) */
void eip191_hash(uint8_t digest[32], const uint8_t *msg, size_t len);

#endif
