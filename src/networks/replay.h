/* Recorded responses served without a network (the demo fleet, and tests
 * that need no server): the format of tests/fixtures/README.md, the same
 * the test server (tests/fixtures/server.js) reads. */
#ifndef DEPINCTL_NET_REPLAY_H
#define DEPINCTL_NET_REPLAY_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

struct net_replay;
struct net_req;

/* Reads folder/routes.json and every folder/SUBFOLDER/routes.json. */
int net_replay_load(struct net_replay **out, const char *folder, struct error *e) WUR;
void net_replay_free(struct net_replay *rp);
/* For fuzzing: every request answered with the next NUL-separated chunk of
 * data (kept by the caller), sent raw when it starts with '!', as a 500
 * when with '#', else (a JSON-RPC call) as the call's result. */
int net_replay_fuzz(struct net_replay **out, const uint8_t *data, size_t len) WUR;
const char *net_replay_folder(const struct net_replay *rp);
/* Queues a request; net_replay_answer answers the queue. */
void net_replay_submit(struct net_replay *rp, struct net_req *r);
void net_replay_cancel(struct net_replay *rp, struct net_req *r);
int net_replay_pending(const struct net_replay *rp);
void net_replay_answer(struct net_replay *rp, int64_t now);

/* The route path of a URL: "/host/path?query" ("/path?query" for a
 * loopback host). */
void net_replay_path(char *out, size_t out_size, const char *url);
/* The placeholders ${now}, ${ago:S}, ... of text replaced at time now;
 * malloc'd, NULL when out of memory. */
char *net_replay_expand(const char *text, size_t len, int64_t now, size_t *out_len);

/* net.c: a replayed request has its reply. */
void net_req_replayed(struct net_req *r);

#endif
