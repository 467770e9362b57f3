/* Alerts: a device offline longer than --offline-after minutes is flagged
 * on screen, and --on-alert CMD runs once per event (/bin/sh -c CMD, not
 * waited on), with the event in DEPINCTL_ALERT_* variables and as JSON on
 * its stdin. A device that comes back may alert again later. */
#include "config.h"

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ui/dash.h"

static int seen(const struct dash_alert_state *s, const char *key)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->keys[i], key))
			return 1;
	return 0;
}

static void run_cmd(const char *cmd, const struct net_device *dv, int64_t since)
{
	char when[32], json_since[32];
	time_t t = (time_t)since;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(json_since, sizeof json_since, "%s", when);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "event", "offline");
	cJSON_AddStringToObject(o, "network", dv->network);
	cJSON_AddStringToObject(o, "device", dv->id);
	cJSON_AddStringToObject(o, "name", dv->name);
	cJSON_AddStringToObject(o, "status", net_status_name(dv->status));
	cJSON_AddStringToObject(o, "since", json_since);
	char *js = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!js)
		return;
	int fd[2];
	if (pipe(fd)) {
		free(js);
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		/* a grandchild runs the command, so nothing waits on it and no zombie stays */
		free(js); /* the parent writes it */
		if (fork() != 0)
			_exit(0);
		dup2(fd[0], 0);
		close(fd[0]);
		close(fd[1]);
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		/* the alert command is the user's script: no key password reaches it */
		unsetenv("DEPINCTL_PASSWORD");
		unsetenv("DEPINCTL_PASSWORD_FILE");
		unsetenv("DEPINCTL_NEW_PASSWORD");
		setenv("DEPINCTL_ALERT_DEVICE", dv->id, 1);
		setenv("DEPINCTL_ALERT_NAME", dv->name, 1);
		setenv("DEPINCTL_ALERT_NETWORK", dv->network, 1);
		setenv("DEPINCTL_ALERT_STATUS", net_status_name(dv->status), 1);
		setenv("DEPINCTL_ALERT_SINCE", when, 1);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fd[0]);
	if (pid > 0) {
		waitpid(pid, NULL, 0); /* the intermediate child exits at once */
		/* the event is small (< PIPE_BUF): it fits the pipe without waiting */
		void (*old)(int) = signal(SIGPIPE, SIG_IGN);
		ssize_t w = write(fd[1], js, strlen(js));
		(void)w;
		w = write(fd[1], "\n", 1);
		signal(SIGPIPE, old);
	}
	close(fd[1]);
	// cppcheck-suppress doubleFree ; the child's free was in the other process (after fork)
	free(js);
}

void dash_alerts_check(struct dash *d)
{
	int64_t now = dash_now(d);
	struct dash_alert_state *s = &d->alerts;
	for (size_t i = 0; i < d->nnets; i++) {
		const struct dash_net *n = &d->nets[i];
		if (!n->have_last)
			continue;
		for (size_t k = 0; k < n->last.ndevices; k++) {
			const struct net_device *dv = &n->last.devices[k];
			char key[NET_NAME_MAX + 130];
			snprintf(key, sizeof key, "%s/%s", dv->network, dv->id);
			int64_t since = dv->status_since ? dv->status_since : dv->last_active;
			int alert = dv->status == NET_STATUS_OFFLINE && since &&
				    now - since >= (int64_t)d->offline_after * 60;
			if (!alert) {
				/* back (or not yet long enough): forget it, so a new outage alerts again */
				for (size_t j = 0; j < s->n; j++)
					if (!strcmp(s->keys[j], key)) {
						memmove(s->keys[j], s->keys[s->n - 1], sizeof s->keys[0]);
						s->n--;
						break;
					}
				continue;
			}
			if (seen(s, key))
				continue;
			if (s->n == s->cap) {
				size_t cap = s->cap ? s->cap * 2 : 16;
				char(*keys)[NET_NAME_MAX + 130] = realloc(s->keys, cap * sizeof *keys);
				if (!keys)
					return;
				s->keys = keys;
				s->cap = cap;
			}
			snprintf(s->keys[s->n++], sizeof s->keys[0], "%s", key);
			if (d->on_alert)
				run_cmd(d->on_alert, dv, since);
		}
	}
}

void dash_alerts_release(struct dash *d)
{
	free(d->alerts.keys);
	memset(&d->alerts, 0, sizeof d->alerts);
}
