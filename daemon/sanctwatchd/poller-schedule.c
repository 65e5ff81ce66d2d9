/*
 * The poller's schedule arithmetic, on plain numbers: jitter, the spread of
 * first polls, server hints and the error backoff.  poller_judge() combines
 * them as the table at the top of poller.c says.
 */
#include <stdint.h>
#include <stdlib.h>

#include "sanctwatchd/sanctwatchd.h"

#define POLLER_SPREAD_MS	2000

/* A delay with +-10% jitter. */
uint64_t
poller_schedule_jitter(uint64_t ms)
{
	uint64_t	 span = ms / 5;

	if (span == 0 || span > UINT32_MAX)
		return (ms);
	return (ms - span / 2 + arc4random_uniform((uint32_t)span + 1));
}

/*
 * A first poll's delay: after due_ms, a random offset in
 * [0, min(interval, POLLER_SPREAD_MS)).
 */
uint64_t
poller_schedule_spread(uint64_t interval_ms, uint64_t due_ms)
{
	uint64_t	 window = interval_ms;

	if (window > POLLER_SPREAD_MS)
		window = POLLER_SPREAD_MS;
	return (due_ms + arc4random_uniform((uint32_t)window));
}

/* A server hint in seconds as milliseconds, capped at max_delay_ms. */
uint64_t
poller_schedule_hint(int64_t secs, uint64_t max_delay_ms)
{
	uint64_t	 ms;

	if (secs <= 0)
		return (0);
	if ((uint64_t)secs > max_delay_ms / 1000)
		return (max_delay_ms);
	ms = (uint64_t)secs * 1000;
	return (ms);
}

/* The backoff after n consecutive errors: interval * 2^n, capped. */
uint64_t
poller_schedule_backoff(uint64_t interval_ms, unsigned errors,
    uint64_t max_ms)
{
	uint64_t	 ms = interval_ms;
	unsigned	 i;

	for (i = 0; i < errors && ms < max_ms; i++)
		ms *= 2;
	if (ms > max_ms)
		ms = max_ms;
	return (ms < interval_ms ? interval_ms : ms);
}
