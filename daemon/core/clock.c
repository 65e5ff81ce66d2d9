/*
 * clock: the monotonic clock, for timeouts, schedules and the time a piece
 * of work took; never the wall clock, which jumps.
 */
#include <time.h>

#include "core/core.h"

/* Microseconds on the monotonic clock (systemd's MONOTONIC_USEC unit). */
uint64_t
clock_usec(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000);
}

/* Milliseconds on the monotonic clock. */
uint64_t
clock_ms(void)
{
	return (clock_usec() / 1000);
}
