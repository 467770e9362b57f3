/* The balances task (src/networks/balances.c) over the replay of recorded
 * JSON-RPC replies: SOL, SPL and Token-2022 balances and EVM coin balances
 * exact (past 2^53 too), accounts of one mint summed, empty ones left out;
 * a malformed reply, an RPC error and a bad quantity fail with a clear error. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "networks/balances.h"
#include "networks/network.h"
#include "tap.h"

#define SOL_OWNER "CiuwuU2PfLDpPtaXgRKeJDpZrm2MQpxBBraRaM9vfHnj"
#define EVM_OWNER "0x7D1AfA7B718fb893dB30A3aBc0Cfc608AaCfeBB0"
#define HNT "hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux"
#define ODD "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU"

static char root[256];

static void put(const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/b/%s", root, name);
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		fprintf(stderr, "cannot write %s\n", path);
}

static const char *account(char *buf, size_t size, const char *mint, const char *amount, int decimals)
{
	snprintf(buf, size,
		 "{\"pubkey\":\"5Yd6QkKQ6zb7EPkFSBRuEbsmeRHSYNLjCR7ymGXrUjgT\",\"account\":{\"data\":{\"parsed\":{\"info\":"
		 "{\"mint\":\"%s\",\"owner\":\"" SOL_OWNER "\",\"state\":\"initialized\",\"tokenAmount\":{\"amount\":"
		 "\"%s\",\"decimals\":%d,\"uiAmountString\":\"x\"}},\"type\":\"account\"},\"program\":\"spl-token\","
		 "\"space\":165},\"executable\":false,\"lamports\":2039280,\"owner\":\"TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA\"}}",
		 mint, amount, decimals);
	return buf;
}

/* routes: getBalance from bal.json, Token from spl.json, Token-2022 from
 * spl22.json, eth_getBalance of arbitrum from eth.json (or an RPC error) */
static void routes(const char *eth_route)
{
	char text[4096];
	snprintf(text, sizeof text,
		 "{\"routes\": ["
		 "{\"path\": \"/api.mainnet-beta.solana.com/\", \"rpc\": \"getBalance\", \"params\": \"" SOL_OWNER
		 "\", \"file\": \"bal.json\"},"
		 "{\"path\": \"/api.mainnet-beta.solana.com/\", \"rpc\": \"getTokenAccountsByOwner\", \"params\": "
		 "\"TokenkegQ\", \"file\": \"spl.json\"},"
		 "{\"path\": \"/api.mainnet-beta.solana.com/\", \"rpc\": \"getTokenAccountsByOwner\", \"params\": "
		 "\"TokenzQd\", \"file\": \"spl22.json\"},"
		 "{\"path\": \"/mainnet.base.org/\", \"rpc\": \"eth_getBalance\", \"params\": \"" EVM_OWNER
		 "\", \"file\": \"eth0.json\"},"
		 "{\"path\": \"/arb1.arbitrum.io/rpc\", \"rpc\": \"eth_call\", \"params\": "
		 "\"0xB6093B61544572Ab42A0E43AF08aBaFD41bf25A6\", \"file\": \"wxm.json\"},"
		 "{\"path\": \"/arb1.arbitrum.io/rpc\", \"rpc\": \"eth_call\", \"file\": \"zero.json\"},"
		 "{\"path\": \"/mainnet.base.org/\", \"rpc\": \"eth_call\", \"file\": \"zero.json\"},"
		 "%s]}",
		 eth_route);
	put("routes.json", text);
}

static const char *eth_ok =
	"{\"path\": \"/arb1.arbitrum.io/rpc\", \"rpc\": \"eth_getBalance\", \"params\": \"" EVM_OWNER "\", \"file\": \"eth.json\"}";

/* Runs the task; returns its code, out filled. */
static int run(struct net_result *out, const char *chains)
{
	struct conf conf;
	struct error e = {0};
	if (conf_load(&conf, NULL, 0, &e))
		return -100;
	struct conf_setting *s = &conf.settings[conf.nsettings++];
	snprintf(s->section, sizeof s->section, "balances");
	snprintf(s->key, sizeof s->key, "wallets");
	snprintf(s->value, sizeof s->value, "%s, %s", SOL_OWNER, EVM_OWNER);
	s = &conf.settings[conf.nsettings++];
	snprintf(s->section, sizeof s->section, "balances");
	snprintf(s->key, sizeof s->key, "chains");
	snprintf(s->value, sizeof s->value, "%s", chains);
	struct net_env env;
	if (net_env_init(&env, &conf, NULL, 0, &e))
		return -101;
	if (net_env_replay(&env, root, &e)) {
		net_env_release(&env);
		return -102;
	}
	struct net_task t;
	memset(&t, 0, sizeof t);
	net_result_init(out, "balances");
	int rc = net_task_start(&t, &env, &balances_source, NET_REFRESH_METRICS, out, NULL, NULL, &e);
	if (!rc) {
		net_run(&env);
		rc = out->code;
	} else {
		rc = -103;
	}
	net_task_release(&t);
	net_env_release(&env);
	return rc;
}

static const struct net_balance *find(const struct net_result *r, const char *chain, const char *token)
{
	for (size_t i = 0; i < r->nbalances; i++)
		if (!strcmp(r->balances[i].chain, chain) && !strcmp(r->balances[i].token, token))
			return &r->balances[i];
	return NULL;
}

static const char *fmt(const struct net_balance *b)
{
	static char buf[128];
	if (!b)
		return "(none)";
	net_money_format(buf, sizeof buf, &b->amount);
	return buf;
}

int main(void)
{
	snprintf(root, sizeof root, "/tmp/test-balances.%ld", (long)getpid());
	char dir[300];
	snprintf(dir, sizeof dir, "%s/b", root);
	if (mkdir(root, 0700) || mkdir(dir, 0700))
		return 1;
	char a1[1024], a2[1024], a3[1024], a4[1024], big[5000];
	/* 2^53 + 1 lamports: a double cannot hold it */
	put("bal.json", "{\"context\":{\"slot\":1},\"value\":9007199254740993}");
	snprintf(big, sizeof big, "{\"context\":{\"slot\":1},\"value\":[%s,%s,%s]}",
		 account(a1, sizeof a1, HNT, "12345678901", 8), account(a2, sizeof a2, HNT, "18446744073709551615", 8),
		 account(a3, sizeof a3, "iotEVVZLEywoTn1QdwNPddxPWszn3zFhEot3MfL9fns", "0", 6));
	put("spl.json", big);
	snprintf(big, sizeof big, "{\"context\":{\"slot\":1},\"value\":[%s]}", account(a4, sizeof a4, ODD, "5", 0));
	put("spl22.json", big);
	put("eth.json", "\"0x1bc16d674ec80001\"");
	put("eth0.json", "\"0x0\"");
	/* balanceOf: 1234.5 WXM on Arbitrum, none of its other known tokens */
	put("wxm.json", "\"0x000000000000000000000000000000000000000000000042ec210956b3ba0000\"");
	put("zero.json", "\"0x0000000000000000000000000000000000000000000000000000000000000000\"");
	routes(eth_ok);

	struct net_result r;
	int rc = run(&r, "arbitrum base");
	is_int(rc, 0, "balances of a Solana and an EVM owner: %s", r.err.msg);
	is_int((int)r.nbalances, 6,
	       "SOL, HNT, a Token-2022 mint, ETH on arbitrum and base, WXM (empty IOT and ERC-20 balances left out)");
	is_str(fmt(find(&r, "solana", "SOL")), "9007199.254740993", "lamports past 2^53, exact");
	is_str(fmt(find(&r, "solana", "HNT")), "184467440860.55230516", "two HNT accounts summed, exact u64 amounts");
	ok(find(&r, "solana", "HNT") && !strcmp(find(&r, "solana", "HNT")->id, HNT), "the mint is kept as the id");
	ok(!find(&r, "solana", "IOT"), "an empty token account is not a balance");
	const struct net_balance *odd = NULL;
	for (size_t i = 0; i < r.nbalances; i++)
		if (!strcmp(r.balances[i].id, ODD))
			odd = &r.balances[i];
	ok(odd && strlen(odd->token) < NET_TOKEN_MAX && strstr(odd->token, "..."),
	   "an unknown mint is shown shortened (%s)", odd ? odd->token : "none");
	is_str(fmt(odd), "5", "Token-2022 accounts are read (0 decimals)");
	is_str(fmt(find(&r, "arbitrum", "ETH")), "2.000000000000000001", "wei exact (eth_getBalance hex)");
	is_str(fmt(find(&r, "base", "ETH")), "0", "a zero coin balance is shown");
	is_str(fmt(find(&r, "arbitrum", "WXM")), "1234.5", "a known ERC-20 token (balanceOf through eth_call), exact");
	ok(find(&r, "arbitrum", "WXM") &&
	       !strcmp(find(&r, "arbitrum", "WXM")->id, "0xB6093B61544572Ab42A0E43AF08aBaFD41bf25A6"),
	   "the token contract is kept as the id");
	ok(!find(&r, "arbitrum", "USDC") && !find(&r, "base", "USDC"), "zero ERC-20 balances are left out");
	ok(find(&r, "arbitrum", "ETH") && !strcmp(find(&r, "arbitrum", "ETH")->owner, EVM_OWNER), "the owner is kept");
	net_result_release(&r);
	ok(r.balances == NULL && r.nbalances == 0, "released");

	/* an RPC error of one chain fails the task, naming it */
	routes("{\"path\": \"/arb1.arbitrum.io/rpc\", \"rpc\": \"eth_getBalance\", \"error\": "
	       "{\"code\": -32000, \"message\": \"header not found\"}}");
	rc = run(&r, "arbitrum");
	ok(rc < 0, "an RPC error fails the task (%d)", rc);
	ok(strstr(r.err.msg, "header not found") && strstr(r.err.msg, "arb1.arbitrum.io"),
	   "the error says what and where: %s", r.err.msg);
	net_result_release(&r);

	/* a malformed token reply */
	routes(eth_ok);
	put("spl.json", "{\"context\":{\"slot\":1},\"value\":\"nope\"}");
	rc = run(&r, "arbitrum");
	is_int(rc, ERR_NET, "a malformed getTokenAccountsByOwner reply fails the task");
	ok(strstr(r.err.msg, "getTokenAccountsByOwner") && strstr(r.err.msg, SOL_OWNER) &&
	   strstr(r.err.msg, "no list of accounts"), "clearly: %s", r.err.msg);
	net_result_release(&r);
	put("spl.json", "{\"context\":{\"slot\":1},\"value\":[{\"account\":{\"data\":\"AAAA\"}}]}");
	rc = run(&r, "arbitrum");
	ok(rc == ERR_NET && strstr(r.err.msg, "not a jsonParsed token account"), "a base64 account: %s", r.err.msg);
	net_result_release(&r);
	snprintf(big, sizeof big, "{\"context\":{\"slot\":1},\"value\":[%s]}", account(a1, sizeof a1, HNT, "-5", 8));
	put("spl.json", big);
	rc = run(&r, "arbitrum");
	ok(rc == ERR_NET && strstr(r.err.msg, "'-5' is not a u64"), "a negative amount: %s", r.err.msg);
	net_result_release(&r);
	snprintf(big, sizeof big, "{\"context\":{\"slot\":1},\"value\":[]}");
	put("spl.json", big);

	/* lamports that are not a count, a quantity that is not hex */
	put("bal.json", "{\"context\":{\"slot\":1},\"value\":1.5}");
	rc = run(&r, "arbitrum");
	ok(rc == ERR_NET && strstr(r.err.msg, "not a number of lamports"), "fractional lamports: %s", r.err.msg);
	net_result_release(&r);
	put("bal.json", "{\"context\":{\"slot\":1},\"value\":7}");
	put("eth.json", "\"12\"");
	rc = run(&r, "arbitrum");
	ok(rc == ERR_NET && strstr(r.err.msg, "arbitrum eth_getBalance") && strstr(r.err.msg, "not a hex quantity"),
	   "a decimal quantity: %s", r.err.msg);
	net_result_release(&r);
	put("eth.json", "\"0x1\"");
	put("wxm.json", "\"0x01\"");
	rc = run(&r, "arbitrum");
	ok(rc == ERR_NET && strstr(r.err.msg, "balanceOf") && strstr(r.err.msg, "WXM") &&
	       strstr(r.err.msg, "not one uint256"),
	   "a short balanceOf reply: %s", r.err.msg);
	net_result_release(&r);
	put("wxm.json", "\"0x0000000000000000000000000000000000000000000000000000000000000001\"");
	rc = run(&r, "arbitrum");
	is_int(rc, 0, "and it works again: %s", r.err.msg);
	net_result_release(&r);
	rc = run(&r, "arbitrum nochain");
	ok(rc != 0 && strstr(r.err.msg, "nochain"), "an unknown chain preset: %s", r.err.msg);
	net_result_release(&r);

	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	if (system(cmd)) {}
	return tap_done();
}
