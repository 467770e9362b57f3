/* Keccak-256 as Ethereum uses it (the original Keccak padding 0x01, not
 * SHA3-256's 0x06). */
#ifndef DEPINCTL_KECCAK_H
#define DEPINCTL_KECCAK_H

#include <stddef.h>
#include <stdint.h>

struct keccak {
	uint64_t st[25];
	size_t pos; /* bytes absorbed into the current block */
};

void keccak_init(struct keccak *k);
void keccak_update(struct keccak *k, const void *data, size_t len);
void keccak_final(struct keccak *k, uint8_t out[32]);
void keccak256(uint8_t out[32], const void *data, size_t len);

#endif
