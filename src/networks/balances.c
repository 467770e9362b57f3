/* On-chain balances of the operator's wallets (see balances.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chains/evm/tokens.h"
#include "chains/solana/tokens.h"
#include "jsonrpc.h"
#include "networks/balances.h"

#define TOKEN_PROGRAM "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
#define TOKEN_2022_PROGRAM "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb"
#define MAX_CHAINS 16

enum kind { K_SOL, K_SPL, K_SPL22, K_ETH, K_ERC20 };

struct call {
	enum kind kind;
	const char *owner;
	char chain[16];
	const struct evm_token *tok;  /* K_ERC20 */
};

struct state {
	struct call *calls;
	size_t n;
};

static void state_free(void *p)
{
	struct state *s = p;
	if (s)
		free(s->calls);
	free(s);
}

static int is_evm(const char *a)
{
	if (strncmp(a, "0x", 2) || strlen(a) != 42)
		return 0;
	return strspn(a + 2, "0123456789abcdefABCDEF") == 40;
}

static int is_solana(const char *a)
{
	size_t l = strlen(a);
	return l >= 32 && l <= 44 &&
	       strspn(a, "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz") == l;
}

static uint64_t chain_id_of(const struct net_task *t, const char *chain)
{
	const struct conf_network *n = t->env->conf ? conf_network(t->env->conf, chain) : NULL;
	return n ? n->chain_id : 0;
}

int balances_parse_lamports(uint64_t *out, const cJSON *result, struct error *e)
{
	/* the engine's parser keeps integers past 2^53 as their digits */
	if (jsonrpc_u64(out, cJSON_GetObjectItemCaseSensitive(result, "value")))
		return error_set(e, ERR_NET, "getBalance: the reply's value is not a number of lamports");
	return 0;
}

static int add_balance(struct net_result *r, const char *owner, const char *chain, const char *id,
		       const struct net_money *m, struct error *e)
{
	for (size_t i = 0; i < r->nbalances; i++) {
		struct net_balance *b = &r->balances[i];
		if (!strcmp(b->owner, owner) && !strcmp(b->chain, chain) && !strcmp(b->id, id) &&
		    !strcmp(b->token, m->token)) {
			if (net_money_add(&b->amount, m))
				return error_set(e, ERR_NET, "balances: '%s' of '%s': decimals differ or the sum overflows",
						 m->token, owner);
			return 0;
		}
	}
	if (!net_result_balance(r, owner, chain, id, m))
		return error_set(e, ERR_FAIL, "out of memory");
	return 0;
}

int balances_parse_tokens(struct net_result *r, const char *owner, const cJSON *result, struct error *e)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(result, "value"), *x;
	if (!cJSON_IsArray(list))
		return error_set(e, ERR_NET, "getTokenAccountsByOwner of '%s': the reply has no list of accounts",
				 owner);
	cJSON_ArrayForEach(x, list)
	{
		const cJSON *acc = cJSON_GetObjectItemCaseSensitive(x, "account");
		const cJSON *data = cJSON_GetObjectItemCaseSensitive(acc, "data");
		const cJSON *parsed = cJSON_GetObjectItemCaseSensitive(data, "parsed");
		const cJSON *info = cJSON_GetObjectItemCaseSensitive(parsed, "info");
		const cJSON *mint = cJSON_GetObjectItemCaseSensitive(info, "mint");
		const cJSON *ta = cJSON_GetObjectItemCaseSensitive(info, "tokenAmount");
		const cJSON *amount = cJSON_GetObjectItemCaseSensitive(ta, "amount");
		const cJSON *dec = cJSON_GetObjectItemCaseSensitive(ta, "decimals");
		if (!cJSON_IsString(mint) || !is_solana(mint->valuestring) || !cJSON_IsString(amount) ||
		    !cJSON_IsNumber(dec) || dec->valuedouble < 0 || dec->valuedouble > 30 ||
		    dec->valuedouble != (double)(int)dec->valuedouble)
			return error_set(e, ERR_NET,
					 "getTokenAccountsByOwner of '%s': an account is not a jsonParsed token account",
					 owner);
		struct u256 u;
		struct error pe;
		if (strlen(amount->valuestring) > 20 || u256_parse_dec(&u, amount->valuestring, &pe))
			return error_set(e, ERR_NET, "getTokenAccountsByOwner of '%s': amount '%.24s' is not a u64",
					 owner, amount->valuestring);
		if (u256_is_zero(&u))
			continue;
		char sym[NET_TOKEN_MAX];
		const struct sol_tokens_known *k = sol_tokens_by_mint(mint->valuestring);
		if (k && strlen(k->symbol) < sizeof sym)
			snprintf(sym, sizeof sym, "%s", k->symbol);
		else
			sol_tokens_label(sym, sizeof sym, mint->valuestring);
		struct net_money m;
		if (net_money_set(&m, sym, (unsigned)dec->valuedouble, &u))
			return error_set(e, ERR_NET, "getTokenAccountsByOwner of '%s': a token that cannot be shown",
					 owner);
		int rc = add_balance(r, owner, "solana", mint->valuestring, &m, e);
		if (rc)
			return rc;
	}
	return 0;
}

static int submit(struct net_task *t, size_t i)
{
	struct state *s = t->state;
	const struct call *c = &s->calls[i];
	const char *const *urls;
	size_t nu = net_rpc_urls(t, c->chain, &urls);
	if (!nu)
		return net_fail(t, ERR_USAGE, "balances: no RPC endpoint for chain '%s'", c->chain);
	cJSON *p = cJSON_CreateArray();
	if (!p || !cJSON_AddItemToArray(p, cJSON_CreateString(c->owner)))
		goto oom;
	const char *method;
	if (c->kind == K_ETH) {
		method = "eth_getBalance";
		if (!cJSON_AddItemToArray(p, cJSON_CreateString("latest")))
			goto oom;
	} else if (c->kind == K_ERC20) {
		/* balanceOf(owner): the params are [{to, data}, "latest"] */
		method = "eth_call";
		cJSON_Delete(p);
		char data[2 + 8 + 64 + 1];
		snprintf(data, sizeof data, "0x70a08231%024d%s", 0, c->owner + 2);
		for (char *x = data; *x; x++)
			if (*x >= 'A' && *x <= 'F')
				*x = (char)(*x - 'A' + 'a');
		cJSON *o = cJSON_CreateObject();
		p = cJSON_CreateArray();
		if (!o || !p) {
			cJSON_Delete(o);
			goto oom;
		}
		cJSON_AddItemToArray(p, o);
		if (!cJSON_AddStringToObject(o, "to", c->tok->address) || !cJSON_AddStringToObject(o, "data", data) ||
		    !cJSON_AddItemToArray(p, cJSON_CreateString("latest")))
			goto oom;
	} else if (c->kind == K_SOL) {
		method = "getBalance";
	} else {
		method = "getTokenAccountsByOwner";
		cJSON *f = cJSON_CreateObject(), *o = cJSON_CreateObject();
		if (!f || !o) {
			cJSON_Delete(f);
			cJSON_Delete(o);
			goto oom;
		}
		cJSON_AddItemToArray(p, f);
		cJSON_AddItemToArray(p, o);
		if (!cJSON_AddStringToObject(f, "programId", c->kind == K_SPL ? TOKEN_PROGRAM : TOKEN_2022_PROGRAM) ||
		    !cJSON_AddStringToObject(o, "encoding", "jsonParsed"))
			goto oom;
	}
	return net_rpc_tag(t, (long)i, urls, nu, method, p) ? 0 : (t->out->code ? t->out->code : ERR_FAIL);
oom:
	cJSON_Delete(p);
	return net_fail(t, ERR_FAIL, "out of memory");
}

static int add_token_call(struct state *s, enum kind k, const char *owner, const char *chain,
			  const struct evm_token *tok)
{
	struct call *c = realloc(s->calls, (s->n + 1) * sizeof *c);
	if (!c)
		return ERR_FAIL;
	s->calls = c;
	c[s->n].kind = k;
	c[s->n].owner = owner;
	c[s->n].tok = tok;
	snprintf(c[s->n].chain, sizeof c[s->n].chain, "%s", chain);
	s->n++;
	return 0;
}

static int add_call(struct state *s, enum kind k, const char *owner, const char *chain)
{
	return add_token_call(s, k, owner, chain, NULL);
}

static int start(struct net_task *t)
{
	struct state *s = calloc(1, sizeof *s);
	if (!s)
		return net_fail(t, ERR_FAIL, "out of memory");
	t->state = s;
	t->free_state = state_free;
	const char *chains = net_setting(t, "chains");
	char list[MAX_CHAINS][16];
	size_t nc = 0;
	for (const char *p = chains ? chains : ""; *p;) {
		p += strspn(p, " ,\t");
		size_t l = strcspn(p, " ,\t");
		if (!l)
			break;
		if (l >= sizeof list[0] || nc == MAX_CHAINS)
			return net_fail(t, ERR_USAGE, "[balances] chains: '%.*s' is not a chain preset", (int)l, p);
		snprintf(list[nc++], sizeof list[0], "%.*s", (int)l, p);
		p += l;
	}
	const char *const *sol, *const *evm;
	size_t ns = net_owners(t, "solana", &sol);
	for (size_t i = 0; i < ns; i++)
		if (is_solana(sol[i]) &&
		    (add_call(s, K_SOL, sol[i], "solana") || add_call(s, K_SPL, sol[i], "solana") ||
		     add_call(s, K_SPL22, sol[i], "solana")))
			return net_fail(t, ERR_FAIL, "out of memory");
	size_t ne = net_owners(t, "evm", &evm);
	for (size_t i = 0; i < ne; i++)
		for (size_t c = 0; c < nc && is_evm(evm[i]); c++) {
			if (add_call(s, K_ETH, evm[i], list[c]))
				return net_fail(t, ERR_FAIL, "out of memory");
			/* the ERC-20 tokens depinctl knows on that chain */
			uint64_t id = chain_id_of(t, list[c]);
			size_t nt = 0;
			const struct evm_token *tk = id ? evm_tokens(id, &nt) : NULL;
			for (size_t k = 0; k < nt; k++)
				if (add_token_call(s, K_ERC20, evm[i], list[c], &tk[k]))
					return net_fail(t, ERR_FAIL, "out of memory");
		}
	for (size_t i = 0; i < ns; i++)
		if (!is_solana(sol[i]) && !is_evm(sol[i]))
			return net_fail(t, ERR_USAGE, "[balances] wallets: '%.100s' is neither a Solana nor an EVM address",
					sol[i]);
	for (size_t i = 0; i < s->n; i++) {
		int rc = submit(t, i);
		if (rc)
			return rc;
	}
	return s->n ? NET_WAIT : NET_DONE;
}

static int step(struct net_task *t)
{
	struct state *s = t->state;
	switch (t->stage++) {
	case 0:
		return start(t);
	case 1:
		for (size_t i = 0; i < t->nreqs; i++) {
			const struct net_req *r = t->reqs[i];
			if (r->code)
				return net_fail_req(t, r);
			if (r->tag < 0 || (size_t)r->tag >= s->n)
				return net_fail(t, ERR_FAIL, "balances: a stray reply");
			const struct call *c = &s->calls[r->tag];
			struct error e = {0};
			struct net_money m;
			if (c->kind == K_SOL) {
				uint64_t lamports;
				if (balances_parse_lamports(&lamports, r->json, &e))
					return net_fail(t, e.code, "balances: %s of '%s': %s", c->chain, c->owner,
							e.msg);
				if (net_money_set_u64(&m, "SOL", 9, lamports) ||
				    add_balance(t->out, c->owner, "solana", "", &m, &e))
					return net_fail(t, ERR_FAIL, "out of memory");
			} else if (c->kind == K_ETH) {
				struct u256 wei;
				if (!cJSON_IsString(r->json) || strncmp(r->json->valuestring, "0x", 2) ||
				    u256_parse(&wei, r->json->valuestring, &e))
					return net_fail(t, ERR_NET,
							"balances: %s eth_getBalance of '%s': the reply is not a hex quantity",
							c->chain, c->owner);
				if (net_money_set(&m, evm_native_symbol(chain_id_of(t, c->chain)), 18, &wei) ||
				    add_balance(t->out, c->owner, c->chain, "", &m, &e))
					return net_fail(t, ERR_FAIL, "out of memory");
			} else if (c->kind == K_ERC20) {
				struct u256 units;
				const char *v = cJSON_IsString(r->json) ? r->json->valuestring : "";
				if (strlen(v) != 66 || strncmp(v, "0x", 2) || u256_parse(&units, v, &e))
					return net_fail(t, ERR_NET,
							"balances: %s balanceOf(%s) of %s at %s: the reply is not one uint256",
							c->chain, c->owner, c->tok->symbol, c->tok->address);
				if (u256_is_zero(&units))
					continue;
				if (net_money_set(&m, c->tok->symbol, c->tok->decimals, &units) ||
				    add_balance(t->out, c->owner, c->chain, c->tok->address, &m, &e))
					return net_fail(t, ERR_FAIL, "out of memory");
			} else if (balances_parse_tokens(t->out, c->owner, r->json, &e)) {
				return net_fail(t, e.code, "balances: %s", e.msg);
			}
		}
		return NET_DONE;
	}
	return net_fail(t, ERR_FAIL, "balances: a step too many");
}

static const struct net_setting settings[] = {
	{"chains", "ethereum arbitrum polygon base", "EVM chain presets whose coin balances are read"},
	{NULL, NULL, NULL},
};

const struct net_adapter balances_source = {
	.name = "balances",
	.title = "Wallet balances",
	.chain = "",
	.family = "",
	.token = "",
	.caps = NET_CAP_METRICS,
	.source = {[7] = "getBalance, getTokenAccountsByOwner (jsonParsed) on Solana; eth_getBalance, ERC-20 balanceOf"},
	.missing = "",
	.settings = settings,
	.metrics = step,
};
