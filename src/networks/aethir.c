/* Aethir: checker node licenses (the CheckerLicenseNFT, an enumerable
 * ERC-721 on Arbitrum at 0xc227e25544EdD261A9066932c71a25F4504972f1) held by
 * the wallets, and ATH (Arbitrum 0xc87B37a581ec3257B734886d9d3a581F5A9d056c,
 * 18 decimals): balance and the ATH received by day (erc20history.c).
 *
 * Licenses: balanceOf(owner), then tokenOfOwnerByIndex(owner, i) for each
 * (one row per license); a contract without the enumerable extension keeps
 * the count alone. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chains/evm/abi.h"
#include "chains/evm/rpc.h"
#include "chains/evm/tokens.h"
#include "networks/erc20history.h"
#include "networks/network.h"
#include "wallet/address.h"

static const struct erc20h_token ath = {
	.contract = "0xc87b37a581ec3257b734886d9d3a581f5a9d056c",
	.symbol = "ATH",
	.decimals = 18,
	.blocks_per_day = 345600, /* ~0.25 s blocks */
	.confirmations = 20,
};

#define TAG_LIC 2000000000L
#define MAX_LICENSES 500

struct lic {
	uint64_t count;
	uint64_t *ids;
	size_t nids;
	int enumerable;
};

struct state {
	struct erc20h_wallets w;
	struct lic *l;
	uint8_t nft[20];
	int stage;          /* 0: balanceOf sent, 1: ids sent, 2: done */
	int wallets_done, lic_done;
};

static void state_free(void *p)
{
	struct state *s = p;
	if (!s)
		return;
	for (size_t i = 0; s->l && i < s->w.n; i++)
		free(s->l[i].ids);
	free(s->l);
	erc20h_wallets_release(&s->w);
	free(s);
}

static struct net_req *call(struct net_task *t, struct state *s, long tag, const uint8_t *data, size_t len)
{
	return net_rpc_tag(t, tag, s->w.urls, s->w.nurls, "eth_call",
			   evm_rpc_params(2, evm_rpc_call_object(NULL, s->nft, NULL, data, len, 0),
					  cJSON_CreateString("latest")));
}

static int read_uint(struct u256 *out, const struct net_req *r, struct error *e)
{
	uint8_t *ret = NULL;
	size_t len = 0;
	int rc = evm_rpc_read_data(&ret, &len, r->json, "eth_call", e);
	if (!rc)
		rc = erc20_read_uint(out, ret, len, e);
	free(ret);
	return rc;
}

static int licenses_step(struct net_task *t, struct state *s)
{
	struct error e = {0};
	uint8_t data[68];
	if (s->stage == 0) {
		for (size_t i = 0; i < s->w.n; i++) {
			struct erc20h *h = &s->w.h[i];
			size_t n = erc20_balance_of_data(data, h->owner20);
			if (!call(t, s, TAG_LIC + (long)i * 1000, data, n))
				return t->out->code ? t->out->code : ERR_FAIL;
		}
		s->stage = 1;
		return NET_WAIT;
	}
	if (s->stage == 1) {
		int asked = 0;
		for (size_t k = 0; k < t->nreqs; k++) {
			const struct net_req *r = t->reqs[k];
			if (r->tag < TAG_LIC || (r->tag - TAG_LIC) % 1000)
				continue;
			size_t i = (size_t)((r->tag - TAG_LIC) / 1000);
			if (i >= s->w.n)
				continue;
			struct u256 v;
			if (r->code)
				return net_fail_req(t, r);
			if (read_uint(&v, r, &e) || u256_to_u64(&s->l[i].count, &v))
				return net_fail(t, ERR_NET, "license balanceOf '%s': %s", s->w.h[i].owner,
						e.msg[0] ? e.msg : "too large");
			uint64_t n = s->l[i].count > MAX_LICENSES ? MAX_LICENSES : s->l[i].count;
			if (n && !(s->l[i].ids = calloc(n, sizeof *s->l[i].ids)))
				return net_fail(t, ERR_FAIL, "out of memory");
			abi_selector(data, "tokenOfOwnerByIndex(address,uint256)");
			memset(data + 4, 0, 64);
			memcpy(data + 16, s->w.h[i].owner20, 20);
			for (uint64_t x = 0; x < n; x++) {
				for (int b = 0; b < 8; b++)
					data[67 - b] = (uint8_t)(x >> (8 * b));
				if (!call(t, s, TAG_LIC + (long)i * 1000 + 1 + (long)x, data, 68))
					return t->out->code ? t->out->code : ERR_FAIL;
				asked = 1;
			}
			s->l[i].enumerable = 1;
		}
		s->stage = 2;
		return asked ? NET_WAIT : NET_DONE;
	}
	for (size_t k = 0; k < t->nreqs; k++) {
		const struct net_req *r = t->reqs[k];
		if (r->tag < TAG_LIC || !((r->tag - TAG_LIC) % 1000))
			continue;
		size_t i = (size_t)((r->tag - TAG_LIC) / 1000), x = (size_t)((r->tag - TAG_LIC) % 1000) - 1;
		if (i >= s->w.n)
			continue;
		struct lic *l = &s->l[i];
		if (r->code) {
			/* not enumerable (the call reverts): the count alone */
			l->enumerable = 0;
			continue;
		}
		struct u256 v;
		uint64_t id;
		if (read_uint(&v, r, &e) || u256_to_u64(&id, &v))
			return net_fail(t, ERR_NET, "tokenOfOwnerByIndex '%s', %zu: %s", s->w.h[i].owner, x,
					e.msg[0] ? e.msg : "an id beyond 64 bits");
		if (x < l->count && x < MAX_LICENSES) {
			l->ids[x] = id;
			if (x + 1 > l->nids)
				l->nids = x + 1;
		}
	}
	return NET_DONE;
}

static int refresh_step(struct net_task *t)
{
	struct state *s = t->state;
	int rc;
	if (!s) {
		if (!(s = calloc(1, sizeof *s)))
			return net_fail(t, ERR_FAIL, "out of memory");
		t->state = s;
		t->free_state = state_free;
		if ((rc = erc20h_wallets_init(&s->w, t, &ath)))
			return rc;
		if (!s->w.n)
			return NET_DONE;
		struct error e = {0};
		const char *nft = net_setting(t, "licenses");
		if (address_evm_parse(s->nft, nft, &e))
			return net_fail(t, ERR_USAGE, "[aethir] licenses: %s", e.msg);
		if (!(s->l = calloc(s->w.n, sizeof *s->l)))
			return net_fail(t, ERR_FAIL, "out of memory");
	}
	if (!s->lic_done) {
		rc = licenses_step(t, s);
		if (rc < 0)
			return rc;
		s->lic_done = rc == NET_DONE;
	}
	if (!s->wallets_done) {
		rc = erc20h_wallets_step(t, &s->w);
		if (rc < 0)
			return rc;
		if (rc == NET_DONE)
			s->wallets_done = 1;
	}
	if (!s->lic_done || !s->wallets_done)
		return NET_WAIT;
	for (size_t i = 0; i < s->w.n; i++) {
		struct net_device *d = erc20h_wallets_device(t, &s->w, i, "ath wallet");
		if (!d)
			return t->out->code ? t->out->code : ERR_FAIL;
		struct lic *l = &s->l[i];
		size_t len = strlen(d->detail);
		snprintf(d->detail + len, sizeof d->detail - len, "; %" PRIu64 " checker license%s", l->count,
			 l->count == 1 ? "" : "s");
		char owner[100];
		snprintf(owner, sizeof owner, "%s", s->w.h[i].owner);
		for (size_t x = 0; l->enumerable && x < l->nids; x++) {
			struct net_device *c = net_result_device(t->out);
			if (!c)
				return net_fail(t, ERR_FAIL, "out of memory");
			snprintf(c->id, sizeof c->id, "license-%" PRIu64, l->ids[x]);
			snprintf(c->name, sizeof c->name, "Checker license #%" PRIu64, l->ids[x]);
			snprintf(c->kind, sizeof c->kind, "checker license");
			snprintf(c->owner, sizeof c->owner, "%s", owner);
			snprintf(c->detail, sizeof c->detail, "held by the wallet; rewards accrue as vATH in Aethir's portal");
		}
	}
	return NET_DONE;
}

static int refresh(struct net_task *t)
{
	int rc = refresh_step(t);
	if (rc < 0)
		erc20h_drop_devices(t->out);
	return rc;
}

static const struct net_setting settings[] = {
	{"licenses", "0xc227e25544edd261a9066932c71a25f4504972f1", "the checker license NFT contract"},
	ERC20H_SETTINGS,
	{NULL, NULL, NULL},
};

const struct net_adapter aethir_adapter = {
	.name = "aethir",
	.title = "Aethir",
	.chain = "arbitrum",
	.family = "evm",
	.token = "ATH",
	.caps = NET_CAP_DEVICES | NET_CAP_EARNINGS,
	.source = {
		[0] = "CheckerLicenseNFT balanceOf + tokenOfOwnerByIndex (Arbitrum); ATH balanceOf",
		[3] = "eth_getLogs: ATH Transfer logs into the wallet, by day (cached)",
	},
	.missing = "license status and pending vATH live in Aethir's checker owner portal (login); claims are "
		   "signed by Aethir's backend per request and not published, so `claim` cannot build them: claim "
		   "in the portal, the ATH received then shows here",
	.settings = settings,
	.refresh = refresh,
};
