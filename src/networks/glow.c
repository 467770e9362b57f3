/* Glow: solar farms paid weekly in GLW on Ethereum
 * (0xf4fbC617A5733EAAF9af08E1Ab816B103388d8B6, 18 decimals). The wallet's
 * GLW balance and the GLW it received by day, from the Transfer logs into it
 * (erc20history.c).
 *
 * Bucket claims on the GCA and miner pool (0x6Fa8C7a89b22bf3212392b778905B12f3dBAF5C4):
 * claimRewardFromBucket(bucketId, glwWeight, usdcWeight, proof, index, user,
 * claimFromInflation, signature), from claim files the operator supplies
 * (one per bucket: {"bucket", "index", "glwWeight", "usdcWeight", "proof",
 * optional "root"}). The leaf is keccak256(abi.encodePacked(wallet,
 * glwWeight, usdcWeight)) and proofs hash sorted pairs, as the contract
 * checks; the proof is folded here and compared with the file's root, then
 * the call is simulated (eth_estimateGas) before anything is signed, so a
 * bad proof, a bucket not finalized or a claim made before is refused with
 * the contract's reason. The wallet claims for itself (no relayer
 * signature). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "journal.h"
#include "keccak.h"
#include "chains/evm/abi.h"
#include "chains/evm/sender.h"
#include "networks/erc20history.h"
#include "networks/merkle.h"
#include "networks/network.h"
#include "wallet/address.h"

static const struct erc20h_token glw_token = {
	.contract = "0xf4fbc617a5733eaaf9af08e1ab816b103388d8b6",
	.symbol = "GLW",
	.decimals = 18,
	.blocks_per_day = 7200,
	.confirmations = 12,
};

static int refresh(struct net_task *t)
{
	return erc20h_token_refresh(t, &glw_token, "glw wallet");
}


/* ---- bucket claims ---------------------------------------------------------------- */

struct gclaim {
	struct evm_sender *s;
	struct evm_call *calls;
	size_t ncalls;              /* one per claim file, line i is call i */
};

static int read_text(char **out, const char *path, struct error *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return error_set(e, ERR_NOTFOUND, "cannot open claim file '%s'", path);
	char *buf = malloc(1 << 20);
	size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
	int big = buf && n == (1 << 20) - 1;
	fclose(f);
	if (!buf)
		return error_set(e, ERR_FAIL, "out of memory");
	if (big) {
		free(buf);
		return error_set(e, ERR_USAGE, "claim file '%s' is larger than 1 MiB", path);
	}
	buf[n] = '\0';
	*out = buf;
	return 0;
}

static void hash_text(char out[67], const uint8_t h[32])
{
	out[0] = '0';
	out[1] = 'x';
	hex_encode(out + 2, 65, h, 32);
}

/* One claim file into call c (data, purpose, key) and line l. */
static int prepare_file(struct evm_call *c, struct net_claim_line *l, const char *path, const uint8_t owner[20],
			const char *owner_text, const uint8_t pool[20], const char *pool_text, struct error *e)
{
	char *text = NULL;
	int rc = read_text(&text, path, e);
	if (rc)
		return rc;
	cJSON *j = cJSON_Parse(text);
	free(text);
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return error_set(e, ERR_USAGE, "claim file '%s': not a JSON object", path);
	}
	struct u256 bucket, index, glw, usdc;
	uint8_t (*proof)[32] = NULL, root[32], leaf[32], file_root[32];
	size_t nproof = 0;
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(j, "root");
	if ((rc = merkle_read_amount(&bucket, cJSON_GetObjectItemCaseSensitive(j, "bucket"), "bucket", e)) ||
	    (rc = merkle_read_amount(&index, cJSON_GetObjectItemCaseSensitive(j, "index"), "index", e)) ||
	    (rc = merkle_read_amount(&glw, cJSON_GetObjectItemCaseSensitive(j, "glwWeight"), "glwWeight", e)) ||
	    (rc = merkle_read_amount(&usdc, cJSON_GetObjectItemCaseSensitive(j, "usdcWeight"), "usdcWeight", e)) ||
	    (rc = merkle_read_proof(&proof, &nproof, cJSON_GetObjectItemCaseSensitive(j, "proof"), "proof", e)) ||
	    (r && (rc = merkle_read_hash(file_root, cJSON_GetStringValue(r), "root", e)))) {
		cJSON_Delete(j);
		free(proof);
		return error_wrap(e, "claim file '%s'", path), ERR_USAGE;
	}
	cJSON_Delete(j);
	/* the leaf as the contract computes it, folded up the proof */
	uint8_t packed[84];
	memcpy(packed, owner, 20);
	u256_to_be(packed + 20, &glw);
	u256_to_be(packed + 52, &usdc);
	keccak256(leaf, packed, sizeof packed);
	merkle_proof_root(root, leaf, (const uint8_t(*)[32])proof, nproof);
	char roots[67], froots[67], b[80], ix[80], gw[80], uw[80];
	hash_text(roots, root);
	if (r && memcmp(root, file_root, 32)) {
		hash_text(froots, file_root);
		free(proof);
		return error_set(e, ERR_REFUSED,
				 "claim file '%s': the proof for %s folds to %s, not the file's root %s: refusing it", path,
				 owner_text, roots, froots);
	}
	if (u256_format_dec(b, sizeof b, &bucket) || u256_format_dec(ix, sizeof ix, &index) ||
	    u256_format_dec(gw, sizeof gw, &glw) || u256_format_dec(uw, sizeof uw, &usdc)) {
		free(proof);
		return error_set(e, ERR_FAIL, "cannot format the claim's figures");
	}
	/* "[0x..,0x..]" */
	char *pt = malloc(3 + nproof * 67);
	if (!pt) {
		free(proof);
		return error_set(e, ERR_FAIL, "out of memory");
	}
	size_t k = 0;
	pt[k++] = '[';
	for (size_t i = 0; i < nproof; i++) {
		if (i)
			pt[k++] = ',';
		hash_text(pt + k, proof[i]);
		k += 66;
	}
	pt[k++] = ']';
	pt[k] = '\0';
	free(proof);
	const char *args[] = {b, gw, uw, pt, ix, owner_text, "false", "0x"};
	uint8_t *data = NULL;
	size_t dlen = 0;
	rc = abi_encode_call_text(&data, &dlen,
				  "claimRewardFromBucket(uint256,uint256,uint256,bytes32[],uint256,address,bool,bytes)", args, 8,
				  e);
	free(pt);
	if (rc)
		return rc;
	if (evm_call_set_data(c, data, dlen)) {
		free(data);
		return error_set(e, ERR_FAIL, "out of memory");
	}
	free(data);
	memcpy(c->to, pool, 20);
	snprintf(c->purpose, sizeof c->purpose, "claim");
	snprintf(c->token, sizeof c->token, "GLW");
	snprintf(c->batch_key, sizeof c->batch_key, "glow:%.42s:%.20s:%.8s", owner_text, b, ix);
	snprintf(l->device, sizeof l->device, "bucket %.80s", b);
	snprintf(l->name, sizeof l->name, "Glow bucket %.20s, report %.8s", b, ix);
	snprintf(l->note, sizeof l->note, "GLW weight %.30s, USDC weight %.30s; proof of %zu folds to %.18s...", gw, uw,
		 nproof, roots);
	(void)pool_text;
	return 0;
}

static int claim_prepare(struct net_claim *c, const struct net_claim_request *rq, struct error *e)
{
	const struct conf *conf = c->env->conf;
	const char *contract = merkle_setting(conf, c->adapter, "contract");
	const char *one = merkle_setting(conf, c->adapter, "claim-file");
	const char *const *files = rq->devices;
	size_t nfiles = rq->ndevices;
	if (!nfiles && one && *one) {
		files = &one;
		nfiles = 1;
	}
	if (!nfiles)
		return error_set(e, ERR_USAGE, "glow: name the bucket claim files (depinctl claim --network glow FILE...) "
					       "or set [glow] claim-file");
	if (nfiles > 64)
		return error_set(e, ERR_USAGE, "glow: %zu claim files, 64 at most at once", nfiles);
	uint8_t owner[20], pool[20];
	if (address_evm_parse(owner, rq->owner, e))
		return ERR_USAGE;
	if (!contract || address_evm_parse(pool, contract, e))
		return error_set(e, ERR_USAGE, "glow: contract '%s' is not an address", contract ? contract : "");
	if (rq->destination && *rq->destination) {
		uint8_t d[20];
		if (address_evm_parse(d, rq->destination, e) || memcmp(d, owner, 20))
			return error_set(e, ERR_USAGE, "glow: the pool pays the wallet in the proof: --to cannot change it");
	}
	char owner_text[43] = "0x";
	hex_encode(owner_text + 2, sizeof owner_text - 2, owner, 20);
	struct gclaim *g = calloc(1, sizeof *g);
	if (!g)
		return error_set(e, ERR_FAIL, "out of memory");
	c->priv = g;
	if (!(g->calls = calloc(nfiles, sizeof *g->calls)) || !(c->lines = calloc(nfiles, sizeof *c->lines)))
		return error_set(e, ERR_FAIL, "out of memory");
	for (size_t i = 0; i < nfiles; i++)
		evm_call_init(&g->calls[i]);
	g->ncalls = nfiles;
	c->nlines = nfiles;
	int rc;
	for (size_t i = 0; i < nfiles; i++)
		if ((rc = prepare_file(&g->calls[i], &c->lines[i], files[i], owner, owner_text, pool, contract, e)))
			return rc;
	const char *net;
	if ((rc = merkle_sender_open(&g->s, &net, conf, c->adapter, c->journal, c->env->insecure, e)))
		return rc;
	c->network = net;
	char sum[1024];
	/* simulates every call: a bad proof, an unfinalized bucket or a claim
	 * made before stops here with the contract's reason */
	if ((rc = evm_sender_prepare(g->s, owner, g->calls, g->ncalls, sum, sizeof sum, e)))
		return rc;
	for (size_t i = 0; i < g->ncalls; i++)
		if (g->calls[i].journaled) {
			snprintf(c->lines[i].note, sizeof c->lines[i].note, "sent earlier: %s (%s)",
				 journal_status_name(g->calls[i].status), g->calls[i].txid);
			c->lines[i].skip = g->calls[i].status == JOURNAL_CONFIRMED || g->calls[i].status == JOURNAL_FAILED;
		}
	snprintf(c->summary, sizeof c->summary,
		 "claim %zu Glow bucket reward%s from the pool %s (GLW paid pro rata to the weights; proofs simulated)\n%s",
		 nfiles, nfiles == 1 ? "" : "s", contract, sum);
	c->ntx = g->ncalls;
	c->tx_bytes = 0;
	for (size_t i = 0; i < g->ncalls; i++)
		c->tx_bytes += g->calls[i].data_len;
	snprintf(c->fee, sizeof c->fee, "%.40s %.8s", g->calls[0].fee, evm_sender_native(g->s));
	return 0;
}

static int claim_execute(struct net_claim *c, const uint8_t secret[32], struct error *e)
{
	struct gclaim *g = c->priv;
	if (!g || !g->ncalls)
		return 0;
	int rc = evm_sender_send(g->s, secret, g->calls, g->ncalls, c->progress, c->progress_arg, e);
	for (size_t i = 0; i < g->ncalls && i < c->nlines; i++) {
		struct net_claim_line *l = &c->lines[i];
		snprintf(l->txid, sizeof l->txid, "%s", g->calls[i].txid);
		l->status = g->calls[i].status;
		snprintf(l->error, sizeof l->error, "%s", g->calls[i].error);
	}
	return rc;
}

static void claim_release(struct net_claim *c)
{
	struct gclaim *g = c->priv;
	if (!g)
		return;
	for (size_t i = 0; g->calls && i < g->ncalls; i++)
		evm_call_release(&g->calls[i]);
	free(g->calls);
	evm_sender_close(g->s);
	free(g);
	c->priv = NULL;
}

static const struct net_setting settings[] = {
	{"contract", "0x6fa8c7a89b22bf3212392b778905b12f3dbaf5c4", "the GCA and miner pool (bucket claims)"},
	{"network", "ethereum", "the chain preset of the pool"},
	{"claim-file", NULL, "a bucket claim file (bucket, index, glwWeight, usdcWeight, proof, root)"},
	ERC20H_SETTINGS,
	{NULL, NULL, NULL},
};

const struct net_adapter glow_adapter = {
	.name = "glow",
	.title = "Glow",
	.chain = "ethereum",
	.family = "evm",
	.token = "GLW",
	.caps = NET_CAP_DEVICES | NET_CAP_EARNINGS | NET_CAP_CLAIM,
	.source = {
		[0] = "the wallets (one row each: GLW balance via balanceOf on Ethereum)",
		[3] = "eth_getLogs: GLW Transfer logs into the wallet, by day (cached)",
		[5] = "claimRewardFromBucket on the GCA and miner pool, from bucket claim files (proof folded, simulated)",
	},
	.missing = "farm rewards per farm are not read, and bucket claim files (the farm's GLW / USDC weights and "
		   "proof from the GCA reports) are not fetched: the operator supplies them; the pool's own root is "
		   "checked by simulating the claim, not read",
	.settings = settings,
	.refresh = refresh,
	.claim_prepare = claim_prepare,
	.claim_execute = claim_execute,
	.claim_release = claim_release,
};
