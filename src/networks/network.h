/* The network adapter interface: one adapter per DePIN network (helium.c,
 * weatherxm.c, ...), listed in the registry (registry.c), consumed by the
 * commands (devices, rewards, metrics, claim, stake, networks) and the
 * dashboard (ui/). An adapter fills a model the UI renders without knowing
 * the network: devices with status and earnings, network metrics, prices.
 *
 * Reads run as tasks on one event loop. A task is a step function the
 * engine (net.c) calls again each time every request the previous step
 * submitted has its answer; many tasks (one per network) share one libcurl
 * multi handle, so the dashboard polls their sockets together with the
 * keyboard, and a command waits for all networks at once:
 *
 *	static int step(struct net_task *t)
 *	{
 *		switch (t->stage++) {
 *		case 0:  net_get(t, url, NULL); return NET_WAIT;
 *		case 1:  parse net_reply(t, 0); fill t->out; return NET_DONE;
 *		}
 *	}
 *
 * Claims and staking are commands: blocking, and they sign. A claim is
 * prepared (every figure checked, every transaction built and decoded back)
 * and shown before it is executed with the key's secret; the CLI asks on
 * the terminal, the dashboard in a dialog.
 *
 * Money in the model is exact (u256 base units with the token's decimals);
 * USD values and network statistics (devices, ratios, emissions for
 * investors) are doubles: they are shown, never paid. */
#ifndef DEPINCTL_NETWORK_H
#define DEPINCTL_NETWORK_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "error.h"
#include "conf.h"
#include "http.h"
#include "u256.h"

struct ctx;
struct journal;

/* ---- the model ---------------------------------------------------------- */

#define NET_TOKEN_MAX 12  /* "HNT", "MOBILE", "WXM" and a NUL */
#define NET_NAME_MAX 16   /* adapter names: "helium", "weatherxm" */
#define NET_MAX_TOKENS 4  /* tokens a device earns in at once (HNT, IOT, MOBILE) */

/* An exact amount of a token. */
struct net_money {
	char token[NET_TOKEN_MAX];
	uint8_t decimals;
	struct u256 units;
};

enum net_status {
	NET_STATUS_UNKNOWN = 0,
	NET_STATUS_ONLINE,
	NET_STATUS_DEGRADED,  /* up, but earning less than it should (poor data, relayed, ...) */
	NET_STATUS_OFFLINE,
};

/* A token a device's history is in: its symbol and decimals. */
struct net_unit {
	char token[NET_TOKEN_MAX];
	uint8_t decimals;
};

/* Earnings over one UTC day starting at day (unix seconds, 00:00 UTC), in
 * the device's units[unit]. A day's earnings fit 128 bits of base units
 * (3.4e20 whole tokens of 18 decimals): 32 bytes a point where a whole
 * net_money would take 64, for 10,000 devices of 90 days 29 MB less.
 * Read one with net_point_money. */
struct net_point {
	int64_t day;
	uint64_t units[2];            /* little-endian words */
	uint8_t unit;
};

struct net_device {
	char network[NET_NAME_MAX];   /* the adapter's name */
	char id[128];                 /* the network's id: asset, station, vehicle token, miner id */
	char name[64];                /* "Funny Purple Fox", a station's name; "" when none */
	char kind[32];                /* "iot hotspot", "weather station", "gpu", "storage provider" */
	char owner[100];              /* the wallet or account it was found under */
	enum net_status status;
	int64_t status_since;         /* unix seconds the status holds since; 0 unknown */
	int64_t last_active;          /* unix seconds of the last sign of life; 0 unknown */
	char location[64];            /* a place, a hex or "lat,lon"; "" unknown */
	int has_position;
	double lat, lon;
	int64_t onboarded;            /* unix seconds; 0 unknown */
	struct net_money pending[NET_MAX_TOKENS];  /* claimable now */
	int npending;
	struct net_money lifetime[NET_MAX_TOKENS]; /* earned since onboarding */
	int nlifetime;
	struct net_unit units[NET_MAX_TOKENS]; /* the tokens of the history */
	int nunits;
	struct net_point *history;    /* daily earnings, oldest first (malloc'd) */
	size_t nhistory;
	char detail[160];             /* one network-specific line: "QoD 97 %", "reward scale 0.82" */
	int claimable;                /* `depinctl claim` can claim it */
};

/* A network figure for investors (statistics, not money paid). Keys used
 * across networks, so the UI can line them up:
 *   devices_active, devices_total, emissions_24h, emissions_30d (tokens),
 *   burn_24h, burn_30d (tokens), revenue_usd_24h, revenue_usd_30d,
 *   burn_emission_ratio, price_usd, supply_circulating, supply_total;
 * an adapter may add its own (storage_pib, data_credits_burned_24h, ...). */
struct net_metric {
	char key[32];
	char label[48];               /* "Active hotspots" */
	double value;
	char unit[16];                /* "HNT", "USD", "devices", "" */
	char source[96];              /* "DaoEpochInfoV0 (helium_sub_daos)", "GET /api/v1/network/stats" */
	int64_t at;                   /* when the figure was true (unix seconds) */
};

/* A token's price: nano-USD per whole token. */
struct net_price {
	char token[NET_TOKEN_MAX];
	uint64_t nusd;
	int64_t at;
	char source[48];
};

/* A wallet's balance of one token on one chain (the balances task). */
struct net_balance {
	char owner[100];
	char chain[16];               /* the chain preset: "solana", "arbitrum" */
	char token[NET_TOKEN_MAX];    /* the symbol, or a shortened mint */
	char id[100];                 /* the mint, or "" for the chain's coin */
	struct net_money amount;
};

/* What one refresh of one network produced. */
struct net_result {
	char network[NET_NAME_MAX];
	int64_t at;                   /* when the refresh finished */
	struct net_device *devices;
	size_t ndevices;
	struct net_metric *metrics;
	size_t nmetrics;
	struct net_price *prices;
	size_t nprices;
	struct net_balance *balances;
	size_t nbalances;
	int code;                     /* 0, or why it failed (ERR_NET, ...) */
	struct error err;             /* what failed: the UI shows it and keeps the last figures */
	size_t requests;              /* HTTP requests made (figures for notes and benches) */
	size_t bytes;                 /* reply bytes received */
};

void net_result_init(struct net_result *r, const char *network);
void net_result_release(struct net_result *r);
/* Appends a zeroed device (network set) / metric / price; NULL when out of
 * memory. Pointers stay valid until the next append. */
struct net_device *net_result_device(struct net_result *r);
struct net_metric *net_result_metric(struct net_result *r, const char *key, const char *label, double value,
				     const char *unit, const char *source);
struct net_price *net_result_price(struct net_result *r, const char *token, uint64_t nusd, const char *source);
/* Appends a balance (token from amount; id may be NULL); NULL when out of memory. */
struct net_balance *net_result_balance(struct net_result *r, const char *owner, const char *chain, const char *id,
				       const struct net_money *amount);
/* Appends one day of earnings to a device (merged into the day's point when
 * the token matches). ERR_FAIL when out of memory; ERR_USAGE for a token in
 * other decimals than before, more than NET_MAX_TOKENS tokens, or a day's
 * sum past 128 bits. */
int net_device_add_point(struct net_device *d, int64_t day, const struct net_money *amount) WUR;
/* A point of d's history as money. */
void net_point_money(struct net_money *out, const struct net_device *d, const struct net_point *p);
/* What d earned in the days ending after since: one entry per token with a
 * point in those days (in units order); returns how many. */
int net_device_earned(struct net_money out[NET_MAX_TOKENS], const struct net_device *d, int64_t since);
/* Adds to the device's pending / lifetime figure of the token (a new entry
 * when it has none). ERR_USAGE for more than NET_MAX_TOKENS tokens or
 * mismatched decimals. */
int net_device_add_pending(struct net_device *d, const struct net_money *m) WUR;
int net_device_add_lifetime(struct net_device *d, const struct net_money *m) WUR;
void net_device_release(struct net_device *d);
/* Deep copy (the history too). */
int net_device_copy(struct net_device *out, const struct net_device *in) WUR;

int net_money_set(struct net_money *m, const char *token, unsigned decimals, const struct u256 *units) WUR;
int net_money_set_u64(struct net_money *m, const char *token, unsigned decimals, uint64_t units) WUR;
/* From an exact decimal ("12.5") in whole tokens. ERR_USAGE when it is not one. */
int net_money_parse(struct net_money *m, const char *token, unsigned decimals, const char *text,
		    struct error *e) WUR;
/* a += b; ERR_USAGE when the tokens or decimals differ or it overflows. */
int net_money_add(struct net_money *a, const struct net_money *b) WUR;
/* Exact decimal, without the token: "12.5". out_size >= AMOUNT_FMT_MAX is
 * always enough. */
void net_money_format(char *out, size_t out_size, const struct net_money *m);
/* The value in USD at nano-USD per whole token (a double: shown, not paid). */
double net_money_usd(const struct net_money *m, uint64_t nusd);
/* The amount as a double in whole tokens (charts, sorting). */
double net_money_value(const struct net_money *m);

const char *net_status_name(enum net_status s); /* "online", "offline", ... */
/* How long ago when was, in one unit: "45s", "12m", "5h", "3d"; "-" when 0. */
const char *net_ago(char *out, size_t size, int64_t when, int64_t now);
/* "2026-11-21" or "2026-11-21T08:00:00[.fff][Z]" (UTC) in unix seconds; 0
 * when it is not one. */
int64_t net_iso_time(const char *s);

/* ---- the event loop engine (net.c) -------------------------------------- */

struct net_env;
struct net_task;
struct net_adapter;

/* One request a step submitted. Valid until the step after its answer
 * returns; the engine frees it then. */
struct net_req {
	int code;          /* 0: a 2xx reply (and for net_rpc a JSON-RPC result) */
	struct error err;  /* what failed, naming the endpoint */
	long status;       /* HTTP status, 0 when none */
	const char *body;  /* the reply body, NUL-terminated (NULL when none, and
			      when it parsed to a JSON object or array: json) */
	size_t len;
	cJSON *json;       /* the body parsed (jsonrpc_parse), or for net_rpc the
			      JSON-RPC result; NULL when not JSON. Owned by the
			      request: take it with net_req_take_json to keep it */
	long tag;          /* the caller's, copied from net_*_tag */
	/* private */
	struct http_request http;
	struct net_task *task;
	long long rpc_id;
	int is_rpc;
	char *rpc_method;
	struct net_req *replay_next;  /* the replay's queue */
};

cJSON *net_req_take_json(struct net_req *r);

/* Step results. A step returns NET_WAIT after submitting requests (the
 * engine calls it again when they are all answered), NET_DONE when t->out
 * is complete, or a negative ERR_* code after net_fail. */
enum { NET_DONE = 0, NET_WAIT = 1 };

struct net_task {
	const struct net_adapter *adapter;
	struct net_env *env;
	struct net_result *out;       /* what the task fills */
	int what;                     /* NET_REFRESH_DEVICES | NET_REFRESH_METRICS */
	int stage;                    /* the adapter's: 0 on the first call */
	void *state;                  /* the adapter's; freed with free_state */
	void (*free_state)(void *state);
	/* the requests of the last step, in the order submitted */
	struct net_req **reqs;
	size_t nreqs;
	/* private */
	struct net_req **next;        /* submitted by the running step */
	size_t nnext, cap_next, outstanding;
	int ready, finished, steps;   /* steps: in a row that submitted nothing */
	char **strs;                  /* lists net_owners & co. handed out */
	size_t nstrs;
	void (*done)(struct net_task *t, void *arg);
	void *done_arg;
};

enum { NET_REFRESH_DEVICES = 1, NET_REFRESH_METRICS = 2 };

/* HTTP GET / POST with optional header lines ("Authorization: Bearer ...";
 * NULL-terminated array, may be NULL). The request is submitted at once;
 * NULL when it cannot be (the reason is in the task's result, the step
 * should return the error). url is checked against the transport's policy. */
struct net_req *net_get(struct net_task *t, const char *url, const char *const *headers);
struct net_req *net_post(struct net_task *t, const char *url, const char *const *headers, const char *body);
/* A JSON-RPC 2.0 call (one call per HTTP request); params is taken over
 * (may be NULL). urls: failover order, n of them. Its reply is checked as
 * jsonrpc.h does; req->json is the result. */
struct net_req *net_rpc(struct net_task *t, const char *const *urls, size_t n, const char *method, cJSON *params);
/* The same with a tag the step reads back (a page number, a chunk index). */
struct net_req *net_get_tag(struct net_task *t, long tag, const char *url, const char *const *headers);
struct net_req *net_post_tag(struct net_task *t, long tag, const char *url, const char *const *headers,
			     const char *body);
struct net_req *net_rpc_tag(struct net_task *t, long tag, const char *const *urls, size_t n, const char *method,
			    cJSON *params);
/* Records why the task failed in t->out (code, message) and returns code. */
int net_fail(struct net_task *t, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The first failed request of the last step as the task's failure:
 * "helium: https://oracle.../bulk-rewards: HTTP 503 after 3 tries". */
int net_fail_req(struct net_task *t, const struct net_req *r);

/* The adapters' cache, DATA/cache.db, opened with schema run (CREATE TABLE
 * IF NOT EXISTS ...): each adapter its own tables. *db stays NULL without a
 * data folder (every refresh then reads all). */
struct sqlite3;
int net_cache_open(struct sqlite3 **db, const struct net_task *t, const char *schema, struct error *e) WUR;

/* A setting of the adapter: the config file's [NAME] key, else the
 * adapter's default; NULL when neither (a setting the operator must supply). */
const char *net_setting(const struct net_task *t, const char *key);
/* The RPC endpoints of a chain preset ("solana", "arbitrum", ...): the
 * adapter's own "rpc" setting when set, else the config's [network.CHAIN]. */
size_t net_rpc_urls(const struct net_task *t, const char *chain, const char *const **urls);
/* The owner addresses to look devices up for: the adapter's "wallets"
 * setting (comma-separated) when set, else the addresses of every key in
 * the keystore of that family ("solana" or "evm"). */
size_t net_owners(const struct net_task *t, const char *family, const char *const **owners);
/* The devices named in the adapter's "devices" setting (comma-separated). */
size_t net_device_ids(const struct net_task *t, const char *const **ids);
/* Now, in unix seconds: the clock, or the demo's. */
int64_t net_now(const struct net_task *t);

/* What every task shares. */
struct net_env {
	struct http_client http;
	const struct conf *conf;
	const char *home;             /* data folder: caches (SQLite) */
	int insecure, verbose;
	const char *replay;           /* a folder of recorded responses: serve
					 requests from them, no network (the demo) */
	int64_t now_offset;           /* added to the clock (the demo's time) */
	size_t max_requests;          /* a task making more fails: a server
					 that pages forever (100000) */
	/* owners from the keystore, by family */
	char **solana_owners, **evm_owners;
	size_t nsolana_owners, nevm_owners;
	/* private */
	struct net_task **tasks;
	size_t ntasks, cap_tasks;
	struct net_replay *rp;
	long long rpc_id;
};

/* home may be NULL (no keystore owners, no caches). */
int net_env_init(struct net_env *env, const struct conf *conf, const char *home, int insecure,
		 struct error *e) WUR;
void net_env_release(struct net_env *env);
/* Serves every request from the recorded responses in folder (see
 * tests/fixtures/README.md for the format) instead of the network. */
int net_env_replay(struct net_env *env, const char *folder, struct error *e) WUR;

/* Starts a task of adapter a (what: NET_REFRESH_*) filling out; done (may
 * be NULL) runs when it has finished, well or not. The task is the
 * caller's (t must stay put until done). */
int net_task_start(struct net_task *t, struct net_env *env, const struct net_adapter *a, int what,
		   struct net_result *out, void (*done)(struct net_task *t, void *arg), void *arg,
		   struct error *e) WUR;
/* Cancels a running task (its done callback runs, out->code ERR_NET "cancelled"). */
void net_task_cancel(struct net_task *t);
void net_task_release(struct net_task *t);

/* Event-loop use: as http_fds / http_timeout_ms / http_perform. */
size_t net_fds(struct net_env *env, struct pollfd *fds, size_t max);
long net_timeout_ms(struct net_env *env);
int net_perform(struct net_env *env, const struct pollfd *fds, size_t n);
/* Blocking use: runs until every task started is done. */
int net_run(struct net_env *env);

/* ---- claims ------------------------------------------------------------- */

/* One device's claim as prepared and then executed. */
struct net_claim_line {
	char device[128];
	char name[64];
	struct net_money amount[NET_MAX_TOKENS]; /* what it will receive */
	int namount;
	char note[160];               /* "creates the recipient account", "nothing to claim" */
	int skip;                     /* nothing to claim, or already claimed (journal) */
	/* after execute */
	char txid[100];
	int status;                   /* enum journal_status */
	char error[256];
};

struct net_claim {
	const struct net_adapter *adapter;
	struct net_env *env;
	const char *network;          /* the chain preset name, as journaled */
	struct journal *journal;
	char owner[100];              /* the claiming wallet */
	struct net_claim_line *lines;
	size_t nlines;
	/* what will be signed, as the confirmation shows it: transactions,
	 * programs and accounts, fees; computed from the bytes built */
	char summary[2048];
	size_t ntx;                   /* transactions to sign */
	size_t tx_bytes;              /* their bytes */
	char fee[64];                 /* estimated, with its token */
	/* progress while executing (the CLI's bar, the dashboard's line) */
	void (*progress)(void *arg, size_t done, size_t total);
	void *progress_arg;
	void *priv;                   /* the adapter's */
};

struct net_claim_request {
	int all;                      /* every claimable device of the owner */
	const char *const *devices;   /* or these ids / names */
	size_t ndevices;
	const char *owner;            /* address of the key that signs (and receives) */
	const char *destination;      /* "" or NULL: the owner */
	int dry_run;
};

/* ---- the adapter --------------------------------------------------------- */

enum net_cap {
	NET_CAP_DEVICES = 1 << 0,   /* list an owner's devices */
	NET_CAP_STATUS = 1 << 1,    /* online / offline */
	NET_CAP_LOCATION = 1 << 2,
	NET_CAP_EARNINGS = 1 << 3,  /* a dated earnings history */
	NET_CAP_PENDING = 1 << 4,   /* pending (claimable) rewards */
	NET_CAP_CLAIM = 1 << 5,
	NET_CAP_STAKE = 1 << 6,
	NET_CAP_METRICS = 1 << 7,   /* supply / demand figures */
};
#define NET_CAP_COUNT 8
/* "devices", "status", ... for bit i. */
const char *net_cap_name(unsigned bit_index);

/* A setting the adapter reads from its [NAME] section. */
struct net_setting {
	const char *key;
	const char *def;              /* default, or NULL: none */
	const char *help;
};

/* A verb of `depinctl stake --network NAME VERB ...` (or of a network's own
 * command such as `dc`): runs as a command (prints, prompts, exits). */
struct net_verb {
	const char *name;
	int (*fn)(int argc, char **argv, struct ctx *ctx);
	const char *usage;
};

struct net_adapter {
	const char *name;             /* "helium": --network, config section, output */
	const char *title;            /* "Helium" */
	const char *chain;            /* the chain preset its wallet is on ("solana", "arbitrum"), or
					 the network itself ("filecoin", "akash") */
	const char *family;           /* "solana", "evm", or "" (an API only) */
	const char *token;            /* "HNT" */
	unsigned caps;                /* NET_CAP_* */
	/* where each capability's figures come from, indexed by bit (NULL: not
	 * supported) */
	const char *source[NET_CAP_COUNT];
	/* for what is missing: why, and what the operator can supply instead */
	const char *missing;
	const struct net_setting *settings; /* ends with a {NULL} entry */

	/* tasks (step functions); NULL when the capability is absent */
	int (*refresh)(struct net_task *t);  /* devices, status, earnings, pending */
	int (*metrics)(struct net_task *t);  /* metrics and prices */

	/* claims (blocking): prepare checks and builds everything, signs nothing */
	int (*claim_prepare)(struct net_claim *c, const struct net_claim_request *rq, struct error *e);
	/* signs with the secret (ed25519 seed or secp256k1 key) of the owner,
	 * journals, sends, waits; per line results */
	int (*claim_execute)(struct net_claim *c, const uint8_t secret[32], struct error *e);
	void (*claim_release)(struct net_claim *c);

	const struct net_verb *stake_verbs; /* ends with a {NULL} entry */
};

/* The registry (registry.c): every adapter, in the order shown. */
extern const struct net_adapter *const net_adapters[];
extern const size_t net_adapters_len;
const struct net_adapter *net_adapter_find(const char *name);
/* Checks the config file's adapter sections: unknown sections and keys are
 * refused with the file and the line. */
int net_conf_check(const struct conf *conf, struct error *e) WUR;

void net_claim_init(struct net_claim *c, const struct net_adapter *a, struct net_env *env);
void net_claim_release(struct net_claim *c);

#endif
