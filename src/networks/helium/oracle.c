/* The rewards oracle's /v1/sign replies, checked (see oracle.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include <sodium.h>

#include "base58.h"
#include "networks/helium/oracle.h"

char *helium_oracle_sign_request(const uint8_t (*key_to_assets)[32], size_t n)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON *list = doc ? cJSON_AddArrayToObject(doc, "keyToAssetKeys") : NULL;
	char *out = NULL;
	if (!list)
		goto out;
	for (size_t i = 0; i < n; i++) {
		char b58[64];
		if (base58_encode(b58, sizeof b58, key_to_assets[i], 32))
			goto out;
		cJSON *s = cJSON_CreateString(b58);
		if (!s)
			goto out;
		cJSON_AddItemToArray(list, s);
	}
	out = cJSON_PrintUnformatted(doc);
out:
	cJSON_Delete(doc);
	return out;
}

static void b58(char out[64], const uint8_t key[32])
{
	if (base58_encode(out, 64, key, 32))
		snprintf(out, 64, "?");
}

/* Standard base64 of exactly want bytes. */
static int b64_exact(uint8_t *out, size_t want, const cJSON *item)
{
	size_t len = 0;
	if (!cJSON_IsString(item) || !item->valuestring)
		return -1;
	if (sodium_base642bin(out, want, item->valuestring, strlen(item->valuestring), NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	return len == want ? 0 : -1;
}

int helium_oracle_sign_check(struct helium_oracle_sig *out, const char *body, size_t len,
			     const struct helium_lazy_distributor *ld, const uint8_t ld_key[32], size_t oracle,
			     const uint8_t (*assets)[32], const uint64_t *totals, size_t n, struct error *e)
{
	const char *url = oracle < ld->noracles ? ld->oracles[oracle].url : "?";
	int rc = 0;
	if (oracle >= ld->noracles)
		return error_set(e, ERR_USAGE, "oracle %zu: the lazy distributor lists %zu", oracle, ld->noracles);
	if (sodium_init() < 0)
		return error_set(e, ERR_FAIL, "cannot start libsodium");
	cJSON *doc = body ? cJSON_ParseWithLength(body, len) : NULL;
	if (!cJSON_IsObject(doc)) {
		rc = error_set(e, ERR_NET, "oracle %s: /v1/sign: the reply is not a JSON object", url);
		goto out;
	}
	const cJSON *key = cJSON_GetObjectItemCaseSensitive(doc, "oracle");
	const cJSON *msgs = cJSON_GetObjectItemCaseSensitive(doc, "messages");
	uint8_t pk[32];
	size_t pk_len = 0;
	if (!cJSON_IsString(key) || base58_decode(pk, sizeof pk, &pk_len, key->valuestring) || pk_len != 32) {
		rc = error_set(e, ERR_REFUSED, "oracle %s: /v1/sign: no oracle key in the reply", url);
		goto out;
	}
	size_t listed = ld->noracles;
	for (size_t i = 0; i < ld->noracles; i++)
		if (!memcmp(ld->oracles[i].oracle, pk, 32))
			listed = i;
	if (listed == ld->noracles || listed != oracle) {
		char k[64];
		b58(k, pk);
		rc = error_set(e, ERR_REFUSED, "oracle %s: signs as %s, %s", url, k,
			       listed == ld->noracles ? "a key the lazy distributor does not list"
						      : "the key of another oracle of the lazy distributor");
		goto out;
	}
	if (!cJSON_IsArray(msgs) || (size_t)cJSON_GetArraySize(msgs) != n) {
		rc = error_set(e, ERR_REFUSED, "oracle %s: /v1/sign: %d messages for %zu hotspots asked", url,
			       cJSON_IsArray(msgs) ? cJSON_GetArraySize(msgs) : 0, n);
		goto out;
	}
	size_t i = 0;
	const cJSON *m;
	cJSON_ArrayForEach(m, msgs) {
		struct helium_oracle_sig *s = &out[i];
		uint8_t ldk[32], asset[32];
		char a[64], b[64];
		b58(b, assets[i]);
		if (b64_exact(s->message, HELIUM_ORACLE_MSG_LEN, cJSON_GetObjectItemCaseSensitive(m, "serialized"))) {
			rc = error_set(e, ERR_REFUSED, "oracle %s: message %zu (%s): not a %d-byte base64 "
				       "SetCurrentRewardsTransactionV0", url, i + 1, b, HELIUM_ORACLE_MSG_LEN);
			goto out;
		}
		if (b64_exact(s->signature, 64, cJSON_GetObjectItemCaseSensitive(m, "signature"))) {
			rc = error_set(e, ERR_REFUSED, "oracle %s: message %zu (%s): no 64-byte base64 signature", url,
				       i + 1, b);
			goto out;
		}
		if ((rc = helium_oracle_message_parse(s->message, HELIUM_ORACLE_MSG_LEN, ldk, &s->oracle_index,
						      &s->current_rewards, asset, e))) {
			char why[200];
			snprintf(why, sizeof why, "%.150s", e->msg);
			rc = error_set(e, ERR_REFUSED, "oracle %s: message %zu (%s): %s", url, i + 1, b, why);
			goto out;
		}
		if (memcmp(ldk, ld_key, 32)) {
			b58(a, ldk);
			rc = error_set(e, ERR_REFUSED, "oracle %s: message %zu (%s) is for lazy distributor %s, not this "
				       "one", url, i + 1, b, a);
			goto out;
		}
		if (memcmp(asset, assets[i], 32)) {
			b58(a, asset);
			rc = error_set(e, ERR_REFUSED, "oracle %s: message %zu is for asset %s, not %s", url, i + 1, a,
				       b);
			goto out;
		}
		if (s->oracle_index != oracle) {
			rc = error_set(e, ERR_REFUSED, "oracle %s: message %zu (%s) names oracle index %u, not %zu", url,
				       i + 1, b, s->oracle_index, oracle);
			goto out;
		}
		if (s->current_rewards < totals[i]) {
			rc = error_set(e, ERR_REFUSED, "oracle %s: message %zu (%s): %llu in rewards, below the %llu "
				       "already distributed on-chain", url, i + 1, b,
				       (unsigned long long)s->current_rewards, (unsigned long long)totals[i]);
			goto out;
		}
		if (crypto_sign_verify_detached(s->signature, s->message, HELIUM_ORACLE_MSG_LEN, pk) != 0) {
			rc = error_set(e, ERR_REFUSED, "oracle %s: message %zu (%s): the signature does not verify", url,
				       i + 1, b);
			goto out;
		}
		i++;
	}
out:
	cJSON_Delete(doc);
	return rc;
}
