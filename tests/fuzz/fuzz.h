/*
 * Shared by the libFuzzer harnesses: inputs are capped so a harness explores
 * structure rather than size, and copied so the code under test may rely on
 * NUL termination where its real callers provide it.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

#define FUZZ_MAX_INPUT	(256 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#endif
