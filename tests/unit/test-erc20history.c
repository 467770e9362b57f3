/* erc20history.c over the replay of recorded responses (written here, per
 * case): Transfer logs without blockTimestamp (the blocks' times read with
 * eth_getBlockByNumber), removed logs, the SQLite cache (a second refresh
 * asks only eth_blockNumber and balanceOf; a head below the cache rescans),
 * and hostile replies (another contract, another recipient, a block outside
 * the range asked, a short value, not a list, a block of another number):
 * each a specific error and no device. The GEOD adapter (geodnet.c) runs the
 * steps. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "networks/erc20history.h"
#include "networks/network.h"
#include "tap.h"

extern const struct net_adapter geodnet_adapter;

#define W "0x00000000000000000000000000000000000b0001"
#define TOKEN "0x5fbdb2315678afecb367f032d93f642f64180aa3"
#define TRANSFER "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
#define PAD_W "0x00000000000000000000000000000000000000000000000000000000000b0001"
#define PAD_X "0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266"

static char root[256];
static int64_t day0;

static const char *log_json(char *out, size_t size, const char *addr, const char *to, int block, int index,
			    const char *value_hex, int removed)
{
	snprintf(out, size,
		 "{\"address\":\"%s\",\"topics\":[\"" TRANSFER "\",\"" PAD_X "\",\"%s\"],"
		 "\"data\":\"0x%64s\",\"blockNumber\":\"0x%x\",\"transactionHash\":\"0x%064x\","
		 "\"transactionIndex\":\"0x0\",\"blockHash\":\"0x%064x\",\"logIndex\":\"0x%x\",\"removed\":%s}",
		 addr, to, value_hex, block, block * 100 + index, block, index, removed ? "true" : "false");
	/* %64s pads with spaces: make them zeros */
	for (char *p = strstr(out, "\"data\":\"0x") + 10; *p == ' '; p++)
		*p = '0';
	return out;
}

/* Writes DIR/rpc/routes.json answering head, balance, the logs, and the
 * times of blocks 5 and 9 (two and one days ago); returns DIR. */
static const char *scenario(const char *name, int head, const char *logs, const char *block9)
{
	static char dir[400];
	char sub[500], file[600];
	snprintf(dir, sizeof dir, "%s/%s", root, name);
	snprintf(sub, sizeof sub, "%s/rpc", dir);
	mkdir(dir, 0700);
	mkdir(sub, 0700);
	snprintf(file, sizeof file, "%s/routes.json", sub);
	FILE *f = fopen(file, "w");
	if (!f)
		return dir;
	fprintf(f,
		"{\"routes\":[\n"
		"{\"path\":\"/rpc.example/\",\"rpc\":\"eth_blockNumber\",\"reply\":\"\\\"0x%x\\\"\"},\n"
		"{\"path\":\"/rpc.example/\",\"rpc\":\"eth_call\",\"reply\":\"\\\"0x%064llx\\\"\"},\n"
		"{\"path\":\"/rpc.example/\",\"rpc\":\"eth_getLogs\",\"reply\":[%s]},\n"
		"{\"path\":\"/rpc.example/\",\"rpc\":\"eth_getBlockByNumber\",\"params\":\"\\\"0x5\\\"\","
		"\"reply\":{\"number\":\"0x5\",\"timestamp\":\"0x%llx\"}},\n"
		"{\"path\":\"/rpc.example/\",\"rpc\":\"eth_getBlockByNumber\",\"params\":\"\\\"0x9\\\"\",\"reply\":%s}\n"
		"]}\n",
		head, 3750000000000000000ULL, logs, (unsigned long long)(day0 - 2 * 86400 + 3600),
		block9 ? block9 : "{\"number\":\"0x9\",\"timestamp\":\"0x0\"}");
	fclose(f);
	return dir;
}

static char conf_path[300];

static void write_conf(const char *extra)
{
	FILE *f = fopen(conf_path, "w");
	if (!f)
		return;
	fprintf(f, "[geodnet]\nrpc = https://rpc.example/\nwallets = " W "\ntoken = " TOKEN
		   "\nfrom-block = 0\nlog-range = 100\nconfirmations = 0\n%s",
		extra ? extra : "");
	fclose(f);
}

/* Runs one refresh over the replay of folder; home may be NULL. */
static int refresh(struct net_result *r, const char *folder, const char *home)
{
	struct conf conf;
	struct error e = {0};
	struct net_env env;
	struct net_task t;
	net_result_init(r, "geodnet");
	if (conf_load(&conf, conf_path, 1, &e) || net_env_init(&env, &conf, home, 0, &e)) {
		printf("# setup: %s\n", e.msg);
		return -1;
	}
	int rc = net_env_replay(&env, folder, &e);
	if (!rc)
		rc = net_task_start(&t, &env, &geodnet_adapter, NET_REFRESH_DEVICES, r, NULL, NULL, &e);
	if (!rc) {
		net_run(&env);
		net_task_release(&t);
	} else
		printf("# start: %s\n", e.msg);
	net_env_release(&env);
	return rc;
}

static const char *lifetime(const struct net_result *r, char *buf, size_t size)
{
	if (r->ndevices != 1 || r->devices[0].nlifetime != 1)
		return "-";
	net_money_format(buf, size, &r->devices[0].lifetime[0]);
	return buf;
}

static char v15[] = "14d1120d7b160000";  /* 1.5e18 */
static char v225[] = "1f399b1438a10000"; /* 2.25e18 */

static void test_history(void)
{
	char a[600], b[600], c[600], logs[2000], buf[100];
	int64_t t9 = day0 - 86400 + 7200;
	char block9[200];
	snprintf(block9, sizeof block9, "{\"number\":\"0x9\",\"timestamp\":\"0x%llx\"}", (unsigned long long)t9);
	snprintf(logs, sizeof logs, "%s,%s,%s", log_json(a, sizeof a, TOKEN, PAD_W, 5, 0, v15, 0),
		 log_json(b, sizeof b, TOKEN, PAD_W, 9, 1, v225, 0), log_json(c, sizeof c, TOKEN, PAD_W, 10, 0, v225, 1));
	const char *dir = scenario("basic", 32, logs, block9);
	struct net_result r;

	ok(!refresh(&r, dir, NULL) && r.code == 0, "no cache: refresh ok (%s)", r.err.msg);
	is_str(lifetime(&r, buf, sizeof buf), "3.75", "lifetime 1.5 + 2.25, the removed log left out");
	is_int((int)r.requests, 5, "blockNumber, balanceOf, one eth_getLogs, two blocks' times");
	ok(r.ndevices == 1 && r.devices[0].nhistory == 2, "two days of history");
	ok(r.ndevices == 1 && r.devices[0].nhistory == 2 && r.devices[0].history[0].day == day0 - 2 * 86400 &&
		   r.devices[0].history[1].day == day0 - 86400,
	   "dated by the blocks' times, oldest first");
	is_str(r.ndevices ? r.devices[0].detail : "", "balance 3.75 GEOD", "the balance from balanceOf");
	net_result_release(&r);

	char home[300];
	snprintf(home, sizeof home, "%s/home", root);
	ok(!refresh(&r, dir, home) && r.code == 0, "with a cache: first refresh");
	is_int((int)r.requests, 5, "reads every block once");
	net_result_release(&r);
	ok(!refresh(&r, dir, home) && r.code == 0, "second refresh");
	is_int((int)r.requests, 2, "the same head: only eth_blockNumber and balanceOf");
	is_str(lifetime(&r, buf, sizeof buf), "3.75", "the history from the cache");
	ok(r.ndevices == 1 && r.devices[0].nhistory == 2, "both days from the cache");
	net_result_release(&r);

	dir = scenario("lower", 16, logs, block9);
	ok(!refresh(&r, dir, home) && r.code == 0, "a head below the last block cached");
	is_int((int)r.requests, 5, "the cache of that wallet is dropped and the blocks scanned again");
	is_str(lifetime(&r, buf, sizeof buf), "3.75", "the same figures, not counted twice");
	net_result_release(&r);

	/* ranges: 33 blocks at 10 a range are 4 eth_getLogs */
	{
		FILE *f = fopen(conf_path, "w");
		fprintf(f, "[geodnet]\nrpc = https://rpc.example/\nwallets = " W "\ntoken = " TOKEN
			   "\nfrom-block = 0\nlog-range = 10\nconfirmations = 0\n");
		fclose(f);
	}
	dir = scenario("ranges", 32, "", NULL);
	ok(!refresh(&r, dir, NULL) && r.code == 0, "no transfers, 33 blocks");
	is_int((int)r.requests, 6, "four ranges of at most 10 blocks");
	ok(r.ndevices == 1 && r.devices[0].nlifetime == 0 && r.devices[0].nhistory == 0, "nothing received");
	net_result_release(&r);
}

static void hostile(const char *name, const char *logs, const char *block9, const char *want)
{
	struct net_result r;
	const char *dir = scenario(name, 32, logs, block9);
	int rc = refresh(&r, dir, NULL);
	ok(!rc && r.code == ERR_NET, "%s: a network error (%d)", name, r.code);
	ok(strstr(r.err.msg, want) != NULL, "%s: says '%s' (%s)", name, want, r.err.msg);
	is_int((int)r.ndevices, 0, "%s: no device", name);
	net_result_release(&r);
}

static void test_hostile(void)
{
	char a[600], logs[1400];
	write_conf(NULL);
	hostile("other-contract", log_json(a, sizeof a, "0x00000000000000000000000000000000000000aa", PAD_W, 5, 0, v15, 0),
		NULL, "another contract");
	hostile("other-owner", log_json(a, sizeof a, TOKEN, PAD_X, 5, 0, v15, 0), NULL, "not a Transfer to");
	hostile("outside", log_json(a, sizeof a, TOKEN, PAD_W, 99, 0, v15, 0), NULL, "outside");
	snprintf(logs, sizeof logs, "%s", log_json(a, sizeof a, TOKEN, PAD_W, 5, 0, v15, 0));
	char *d = strstr(logs, "\"data\":\"0x");
	memcpy(d + 10, "zz", 2);
	hostile("bad-data", logs, NULL, "data");
	hostile("wrong-block", log_json(a, sizeof a, TOKEN, PAD_W, 9, 0, v15, 0),
		"{\"number\":\"0x8\",\"timestamp\":\"0x1\"}", "another block");
	hostile("no-block", log_json(a, sizeof a, TOKEN, PAD_W, 9, 0, v15, 0), "null", "no such block");
	/* a reply that is not a list */
	const char *dir = scenario("not-list", 32, "", NULL);
	char file[700];
	snprintf(file, sizeof file, "%s/rpc/routes.json", dir);
	FILE *f = fopen(file, "r+");
	if (f) {
		char body[4000];
		size_t n = fread(body, 1, sizeof body - 1, f);
		body[n] = '\0';
		char *p = strstr(body, "\"reply\":[]");
		if (p)
			memcpy(p, "\"reply\":{}", 10);
		rewind(f);
		fwrite(body, 1, n, f);
		fclose(f);
	}
	struct net_result r;
	ok(!refresh(&r, dir, NULL) && r.code == ERR_NET && strstr(r.err.msg, "not a list"), "a logs reply that is no list: %s",
	   r.err.msg);
	net_result_release(&r);
}

int main(void)
{
	snprintf(root, sizeof root, "%s/erc20h-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(root))
		return 1;
	snprintf(conf_path, sizeof conf_path, "%s/config", root);
	int64_t now = (int64_t)time(NULL);
	day0 = now - now % 86400;
	write_conf(NULL);
	test_history();
	test_hostile();
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	if (system(cmd))
		printf("# could not remove %s\n", root);
	return tap_done();
}
