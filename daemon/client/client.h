/*
 * sanctwatch: the command-line client.  scan runs the core on files; tail,
 * status, sources and reload speak the socket protocol; import runs the
 * importers.
 */
#ifndef SANCTWATCH_CLIENT_H
#define SANCTWATCH_CLIENT_H

#include "core/core.h"
#include "core/protocol.h"
#include "import/import.h"

#endif /* SANCTWATCH_CLIENT_H */
