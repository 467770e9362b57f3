#include "config.h"

#include <stdio.h>

#include "chains/evm/eip191.h"
#include "keccak.h"

void eip191_hash(uint8_t digest[32], const uint8_t *msg, size_t len)
{
	static const char prefix[] = "\x19" "Ethereum Signed Message:\n";
	char num[24];
	int n = snprintf(num, sizeof num, "%zu", len);
	struct keccak k;

	keccak_init(&k);
	keccak_update(&k, prefix, sizeof prefix - 1);
	keccak_update(&k, num, (size_t)n);
	if (len)
		keccak_update(&k, msg, len);
	keccak_final(&k, digest);
}
