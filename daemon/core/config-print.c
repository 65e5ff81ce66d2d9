/*
 * config-print: struct config -> YAML, for sanctwatchd -n -v.
 *
 * The output walks config_table (and config_source_table for each source)
 * in row order: a row whose name has a dot is printed under its section,
 * whose header comes before the section's first printed row.  Every key is
 * printed with its value, defaults filled in, except CONFIG_IFSET rows
 * holding their default.  Strings are double-quoted with escapes, durations
 * and sizes are in their largest exact unit, numbers have the fewest digits
 * that read back the same.  Loading the output gives back an equal config.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

static void	config_print_table(FILE *, const struct config_entry *,
		    const void *, const char *, const char *);

/* Decode one UTF-8 sequence at p into *cp; its length, 1 if invalid. */
static size_t
config_print_utf8(const unsigned char *p, uint32_t *cp)
{
	size_t	 len, i;

	*cp = p[0];
	if (p[0] < 0x80)
		return (1);
	if ((p[0] & 0xe0) == 0xc0)
		len = 2;
	else if ((p[0] & 0xf0) == 0xe0)
		len = 3;
	else if ((p[0] & 0xf8) == 0xf0)
		len = 4;
	else {
		*cp = UINT32_MAX;
		return (1);
	}
	*cp &= 0x3fu >> (len - 1);
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*cp = UINT32_MAX;
			return (1);
		}
		*cp = *cp << 6 | (p[i] & 0x3f);
	}
	return (len);
}

/* Whether a code point must be escaped in a YAML double-quoted scalar. */
static int
config_print_escape(uint32_t cp)
{
	return (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0xfeff ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff ||
	    cp == UINT32_MAX);
}

/* Print a string as a YAML double-quoted scalar. */
static void
config_print_str(FILE *f, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 cp;
	size_t			 len;

	fputc('"', f);
	for (; *p != '\0'; p += len) {
		len = config_print_utf8(p, &cp);
		if (cp == '"' || cp == '\\')
			fprintf(f, "\\%c", (int)cp);
		else if (cp == UINT32_MAX || (cp < 0x100 &&
		    config_print_escape(cp)))
			fprintf(f, "\\x%02x", cp == UINT32_MAX ? *p : cp);
		else if (config_print_escape(cp))
			fprintf(f, "\\u%04x", cp);
		else
			fwrite(p, 1, len, f);
	}
	fputc('"', f);
}

/* A number with the fewest digits that read back to the same value. */
static void
config_print_double(char *buf, size_t len, double v)
{
	int	 prec;

	for (prec = 1; prec < 17; prec++) {
		snprintf(buf, len, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	snprintf(buf, len, "%.*g", prec, v);
}

/* A number-like value of a row as printed; -1 if the row is no number. */
static int
config_print_number(const struct config_entry *e, uint64_t v, double d,
    char *buf, size_t len)
{
	switch (e->type) {
	case CONFIG_MODE:
		snprintf(buf, len, "\"%04o\"", (unsigned)v);
		return (0);
	case CONFIG_LOG_LEVEL:
		snprintf(buf, len, "%s", log_level_name((int)v));
		return (0);
	case CONFIG_DURATION:
		ytree_fmt_duration(buf, len, v);
		return (0);
	case CONFIG_SIZE:
		ytree_fmt_size(buf, len, v);
		return (0);
	case CONFIG_UINT:
		snprintf(buf, len, "%" PRIu64, v);
		return (0);
	case CONFIG_DOUBLE:
		config_print_double(buf, len, d);
		return (0);
	case CONFIG_BOOL:
	case CONFIG_PRIVATE:
		snprintf(buf, len, "%s", v ? "true" : "false");
		return (0);
	case CONFIG_FORMAT:
		snprintf(buf, len, "%s", config_format_name(v));
		return (0);
	case CONFIG_BODY:
		snprintf(buf, len, "%s", config_body_name(v));
		return (0);
	default:
		return (-1);
	}
}

/*
 * A row's default as -n -v prints it, for the documentation; -1 if it has
 * none (required keys, lists, a source's interval from defaults.interval).
 */
int
config_print_default(const struct config_entry *e, char *buf, size_t len)
{
	if (e->type == CONFIG_DURATION && e->def < e->min &&
	    (e->flags & CONFIG_ZERO) == 0)
		return (-1);
	if (e->type == CONFIG_DOUBLE)
		return (config_print_number(e, 0, strtod(e->def_str, NULL),
		    buf, len));
	if (config_print_number(e, e->def, 0, buf, len) == 0)
		return (0);
	if (e->def_str == NULL)
		return (-1);
	snprintf(buf, len, "%s", e->def_str);
	return (0);
}

/* The string a row's field holds (NULL if the row is no string). */
static const char *
config_print_string(const struct config_entry *e, const void *base)
{
	const char	*s;

	memcpy(&s, (const char *)base + e->off, sizeof s);
	return (s);
}

/* The bit set of a CONFIG_KINDS or CONFIG_SEVERITIES row. */
static int
config_print_bits(const struct config_entry *e, const void *base)
{
	int	 bits;

	memcpy(&bits, (const char *)base + e->off, sizeof bits);
	return (bits);
}

/* Print a bit set as the list of its names. */
static void
config_print_names(FILE *f, const struct config_entry *e, const void *base,
    const char *indent)
{
	const char	*name;
	int		 bits = config_print_bits(e, base);
	size_t		 i;

	fputc('\n', f);
	for (i = 0; i < 8; i++) {
		if ((bits & (1 << i)) == 0)
			continue;
		name = e->type == CONFIG_KINDS ? config_kind_name(i) :
		    (i < SEVERITY_COUNT ? alert_severity_names[i] : NULL);
		if (name != NULL)
			fprintf(f, "%s  - %s\n", indent, name);
	}
}

/* Whether a CONFIG_IFSET row holds its default and is left out. */
static int
config_print_skip(const struct config_entry *e, const void *base)
{
	const struct source_cfg	*src = base;
	const char		*s;
	char			 buf[64];

	if ((e->flags & CONFIG_IFSET) == 0)
		return (0);
	if (e->type == CONFIG_HEADERS)
		return (src->nheaders == 0);
	if (e->type == CONFIG_PATHS || e->type == CONFIG_STRINGS ||
	    e->type == CONFIG_COMMAND)
		return (((const struct strv *)(const void *)
		    ((const char *)base + e->off))->n == 0);
	if (e->type == CONFIG_KINDS || e->type == CONFIG_SEVERITIES)
		return (config_print_bits(e, base) == 0);
	if (e->type == CONFIG_PRIVATE)
		return (!src->allow_private && src->private_nets.n == 0);
	if (config_print_number(e, 0, 0, buf, sizeof buf) == 0)
		return (config_get(e, base) == e->def);
	s = config_print_string(e, base);
	return (s == NULL || (e->def_str != NULL && strcmp(s, e->def_str) == 0));
}

/* Print a list of strings, one "- item" a line. */
static void
config_print_list(FILE *f, const struct strv *sv, const char *indent)
{
	size_t	 i;

	fputc('\n', f);
	for (i = 0; i < sv->n; i++) {
		fprintf(f, "%s  - ", indent);
		config_print_str(f, sv->v[i]);
		fputc('\n', f);
	}
}

/* Print a source's headers, one "name": "value" a line. */
static void
config_print_headers(FILE *f, const struct source_cfg *s,
    const char *indent)
{
	size_t	 i;

	fputc('\n', f);
	for (i = 0; i < s->nheaders; i++) {
		fprintf(f, "%s  ", indent);
		config_print_str(f, s->headers[i].name);
		fprintf(f, ": ");
		config_print_str(f, s->headers[i].value);
		fputc('\n', f);
	}
}

/* Print the sources, each a mapping of config_source_table's rows. */
static void
config_print_sources(FILE *f, const struct config *cfg)
{
	size_t	 i;

	if (cfg->nsources == 0) {
		fprintf(f, " []\n");
		return;
	}
	fputc('\n', f);
	for (i = 0; i < cfg->nsources; i++) {
		config_print_table(f, config_source_table, &cfg->sources[i],
		    "    ", "  - ");
	}
}

/* Print the delivery targets, each a mapping of config_deliver_table's rows. */
static void
config_print_deliver(FILE *f, const struct config *cfg)
{
	size_t	 i;

	if (cfg->ndeliver == 0) {
		fprintf(f, " []\n");
		return;
	}
	fputc('\n', f);
	for (i = 0; i < cfg->ndeliver; i++) {
		config_print_table(f, config_deliver_table, &cfg->deliver[i],
		    "    ", "  - ");
	}
}

/* Print the value of a row, from after its "key:" to the end of line. */
static void
config_print_value(FILE *f, const struct config_entry *e, const void *base,
    const char *indent)
{
	char	 buf[64];
	double	 d = 0;

	if (e->type == CONFIG_DOUBLE)
		memcpy(&d, (const char *)base + e->off, sizeof d);
	if (e->type == CONFIG_PATHS)
		config_print_list(f, (const void *)((const char *)base + e->off),
		    indent);
	else if (e->type == CONFIG_HEADERS)
		config_print_headers(f, base, indent);
	else if (e->type == CONFIG_SOURCES)
		config_print_sources(f, base);
	else if (e->type == CONFIG_DELIVER)
		config_print_deliver(f, base);
	else if (e->type == CONFIG_STRINGS || e->type == CONFIG_COMMAND)
		config_print_list(f, (const void *)((const char *)base + e->off),
		    indent);
	else if (e->type == CONFIG_KINDS || e->type == CONFIG_SEVERITIES)
		config_print_names(f, e, base, indent);
	else if (e->type == CONFIG_PRIVATE &&
	    ((const struct source_cfg *)base)->private_nets.n > 0)
		config_print_list(f, &((const struct source_cfg *)base)->
		    private_nets, indent);
	else {
		fputc(' ', f);
		if (config_print_number(e, config_get(e, base), d, buf,
		    sizeof buf) == 0)
			fputs(buf, f);
		else
			config_print_str(f, config_print_string(e, base));
		fputc('\n', f);
	}
}

/*
 * Print the rows of a table over base, each key at indent, the first line
 * at first instead ("  - " for an item of a list).
 */
static void
config_print_table(FILE *f, const struct config_entry *tab, const void *base,
    const char *indent, const char *first)
{
	const struct config_entry	*e;
	const char			*dot, *lead = first, *section = NULL;
	size_t				 slen = 0;

	for (e = tab; e->name != NULL; e++) {
		if (config_print_skip(e, base))
			continue;
		if (e->type == CONFIG_SECRET) {
			/* Never shown; a comment keeps the output loadable. */
			fprintf(f, "%s# %s: (set, not shown)\n", lead, e->name);
			lead = indent;
			continue;
		}
		if ((dot = strchr(e->name, '.')) == NULL) {
			fprintf(f, "%s%s:", lead, e->name);
			section = NULL;
		} else {
			if (section == NULL || (size_t)(dot - e->name) != slen ||
			    strncmp(section, e->name, slen) != 0) {
				section = e->name;
				slen = (size_t)(dot - e->name);
				fprintf(f, "%s%.*s:\n", lead, (int)slen, section);
				lead = indent;
			}
			fprintf(f, "%s  %s:", lead, dot + 1);
		}
		lead = indent;
		config_print_value(f, e, base, indent);
	}
}

/* Print the normalized config as YAML that loads back to an equal one. */
void
config_print(const struct config *cfg, FILE *f)
{
	config_print_table(f, config_table, cfg, "", "");
}
