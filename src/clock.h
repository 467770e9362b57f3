/* A monotonic clock in milliseconds and a sleep, for timeouts, polls and
 * measured figures (never for dates: those are time(NULL)). */
#ifndef DEPINCTL_CLOCK_H
#define DEPINCTL_CLOCK_H

#include <time.h>

static inline long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline void sleep_ms(long long ms)
{
	if (ms <= 0)
		return;
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

#endif
