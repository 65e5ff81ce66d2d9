/*
 * A long text's tokens made ahead, on another thread, in the very chunks
 * the matcher scans (matcher_scan_tokens): a chunk is MATCHER_CHUNK tokens
 * at most, the last MATCHER_MAX_TOKENS of which come again at the head of
 * the next, after MATCHER_BACK more for context.  The tokenizer is a third
 * of the work of a scan, and on a text of many megabytes the matcher need
 * not wait for it.
 *
 * The chunks go round a ring of TOKFEED_RING.  Either thread may make the
 * next one (tokfeed_make): the one that owns the feed's text (scan's
 * reader) does so whenever there is room, and the matcher does so itself
 * when the ring is empty and nobody is making one, so neither ever waits
 * for work the other is not doing.  The maker works outside the lock: only
 * it touches the chunk it makes and the text position, and the chunk
 * before, which it copies the tail of, is read by both but written by
 * neither.  The chunks, and so the hits, are the same whoever makes them.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/matcher-int.h"

#define TOKFEED_RING	8	/* chunks made ahead at most */

struct tokfeed {
	pthread_mutex_t	 lock;
	pthread_cond_t	 ready;		/* a chunk made, or the end */
	pthread_cond_t	 room;		/* room in the ring, or the end */
	const char	*text;
	size_t		 len;
	size_t		 pos;		/* where the next chunk's tokens start */
	struct tokchunk	 ring[TOKFEED_RING];
	size_t		 made;		/* chunks made */
	size_t		 given;		/* chunks the matcher is done with */
	int		 making;	/* a thread is making chunk made */
	int		 end;		/* the last chunk is made, or cancelled */
};

/* A feed of text's tokens; nothing is made yet. */
struct tokfeed *
tokfeed_new(const char *text, size_t len)
{
	struct tokfeed	*f;
	size_t		 i;

	f = xcalloc(1, sizeof *f);
	if (pthread_mutex_init(&f->lock, NULL) != 0 ||
	    pthread_cond_init(&f->ready, NULL) != 0 ||
	    pthread_cond_init(&f->room, NULL) != 0)
		fatalx("pthread_mutex_init");
	f->text = text;
	f->len = len;
	for (i = 0; i < TOKFEED_RING; i++)
		f->ring[i].t = xreallocarray(NULL, MATCHER_CHUNK,
		    sizeof *f->ring[i].t);
	return (f);
}

void
tokfeed_free(struct tokfeed *f)
{
	size_t	 i;

	if (f == NULL)
		return;
	for (i = 0; i < TOKFEED_RING; i++)
		free(f->ring[i].t);
	pthread_cond_destroy(&f->room);
	pthread_cond_destroy(&f->ready);
	pthread_mutex_destroy(&f->lock);
	free(f);
}

/*
 * The chunk after prev (the first if NULL) into c, whose t has room for
 * MATCHER_CHUNK tokens; prev may be c itself.  The last tokens of prev
 * come first, with MATCHER_BACK more before them for context, then the
 * text's next tokens from *pos.  Returns whether it is the text's last.
 * The one way a text is cut into chunks, for the scan in place and for a
 * feed.
 */
int
tokchunk_cut(struct tokchunk *c, const struct tokchunk *prev,
    const char *text, size_t len, size_t *pos)
{
	size_t	 keep, n, base;

	if (prev == NULL) {
		c->n = c->from = c->base = 0;
	} else {
		keep = prev->limit < MATCHER_BACK ? prev->limit : MATCHER_BACK;
		n = prev->n - prev->limit + keep;
		base = prev->base + prev->limit - keep;
		memmove(c->t, prev->t + prev->limit - keep, n * sizeof *c->t);
		c->n = n;
		c->base = base;
		c->from = keep;
	}
	c->n += normalize_tokens(text, len, pos, c->t + c->n,
	    MATCHER_CHUNK - c->n);
	c->limit = *pos >= len ? c->n : c->n - MATCHER_MAX_TOKENS;
	return (*pos >= len);
}

/*
 * Make the next chunk if there is room and nobody else is making it:
 * 1 if made, 0 if not now, -1 once the last is made (or the feed is
 * cancelled).
 */
int
tokfeed_make(struct tokfeed *f)
{
	struct tokchunk	*c, *prev;
	size_t		 k;
	int		 last;

	pthread_mutex_lock(&f->lock);
	if (f->end || f->making || f->made >= f->given + TOKFEED_RING) {
		k = f->end;
		pthread_mutex_unlock(&f->lock);
		return (k ? -1 : 0);
	}
	f->making = 1;
	k = f->made;
	pthread_mutex_unlock(&f->lock);

	c = &f->ring[k % TOKFEED_RING];
	prev = k == 0 ? NULL : &f->ring[(k - 1) % TOKFEED_RING];
	last = tokchunk_cut(c, prev, f->text, f->len, &f->pos);

	pthread_mutex_lock(&f->lock);
	f->made = k + 1;
	f->making = 0;
	if (last)
		f->end = 1;
	pthread_cond_broadcast(&f->ready);
	pthread_cond_broadcast(&f->room);
	pthread_mutex_unlock(&f->lock);
	return (1);
}

/*
 * Wait until there is a chunk to make, the ring at least half empty (so
 * that the maker is woken once for several chunks), or the end.
 */
void
tokfeed_wait(struct tokfeed *f)
{
	pthread_mutex_lock(&f->lock);
	while (!f->end && (f->making ||
	    f->made > f->given + TOKFEED_RING / 2))
		pthread_cond_wait(&f->room, &f->lock);
	pthread_mutex_unlock(&f->lock);
}

/*
 * The matcher's next chunk, made here if nobody is making it; NULL after
 * the last.  Hand it back with tokfeed_give before taking another.
 */
const struct tokchunk *
tokfeed_take(struct tokfeed *f)
{
	const struct tokchunk	*c = NULL;

	pthread_mutex_lock(&f->lock);
	while (f->given >= f->made) {
		if (f->end)
			goto out;
		if (f->making) {
			pthread_cond_wait(&f->ready, &f->lock);
			continue;
		}
		pthread_mutex_unlock(&f->lock);
		tokfeed_make(f);
		pthread_mutex_lock(&f->lock);
	}
	c = &f->ring[f->given % TOKFEED_RING];
out:
	pthread_mutex_unlock(&f->lock);
	return (c);
}

/* The matcher is done with the chunk it took. */
void
tokfeed_give(struct tokfeed *f)
{
	pthread_mutex_lock(&f->lock);
	f->given++;
	if (f->made <= f->given + TOKFEED_RING / 2)
		pthread_cond_broadcast(&f->room);
	pthread_mutex_unlock(&f->lock);
}

/* No more chunks are wanted: a maker waiting for room goes. */
void
tokfeed_cancel(struct tokfeed *f)
{
	if (f == NULL)
		return;
	pthread_mutex_lock(&f->lock);
	f->end = 1;
	pthread_cond_broadcast(&f->room);
	pthread_cond_broadcast(&f->ready);
	pthread_mutex_unlock(&f->lock);
}

/* Whether the last chunk is made (or the feed cancelled). */
int
tokfeed_done(struct tokfeed *f)
{
	int	 end;

	pthread_mutex_lock(&f->lock);
	end = f->end;
	pthread_mutex_unlock(&f->lock);
	return (end);
}
