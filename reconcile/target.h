#pragma once
/* target.h: item-level targeting: which hosts an item of the desired state is
 * for. Groups.xml states it as <Filters> (MS-GPPREF 2.2.1.22), YAML as
 * `hosts:` patterns; both become one tree of filters on the item.
 *
 * Evaluation is three-valued. A filter accord can decide from where it runs
 * (the host's names, domain, OS where a Windows host reports it, the address
 * accord connects to, accord's clock) is true or false; any other filter
 * (registry, WMI, file, group membership, ...) is unknown. Filters combine
 * left to right, each with the result so far by its own bool (the first
 * filter's bool is not used), with Kleene's rules: false AND unknown is
 * false, true OR unknown is true; not="1" of unknown is unknown.
 *
 * An item applies only when its tree is true. Unknown does not apply
 * (accord never widens an item's scope silently) unless the caller opts in
 * (--gpp-unknown-filters=match): then each unknown filter counts as true,
 * after its not="1".
 *
 * A tree owns every string and child it holds; tf_free(NULL) is a no-op. */

#include "model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct nu_host;

enum tf_kind {
	TF_COLLECTION = 0, /* FilterCollection, and the item's <Filters> itself */
	TF_COMPUTER,       /* FilterComputer: name pattern (* and ?), NetBIOS or DNS */
	TF_DOMAIN,         /* FilterDomain: the computer's domain (NetBIOS or DNS name) */
	TF_OS,             /* FilterOs: version token, product type; "NE" = any */
	TF_IPRANGE,        /* FilterIpRange: min..max, the address accord connects to */
	TF_DATE,           /* FilterDate: weekly, monthly, yearly or one date */
	TF_TIME,           /* FilterTime: begin..end of day (may wrap midnight) */
	TF_OTHER,          /* a filter accord cannot evaluate from where it runs */
};

enum tf_period { TFP_NONE = 0, TFP_WEEKLY, TFP_MONTHLY, TFP_YEARLY };

struct tf_node {
	struct src_pos pos;
	enum tf_kind kind;
	bool or_;              /* bool="OR": combined with the result so far by OR */
	bool not_;             /* not="1" */
	char *element;         /* element name as written: "FilterComputer" */
	char *name;            /* COMPUTER pattern, DOMAIN name, COLLECTION label */
	bool dns;              /* COMPUTER type="DNS"; IPRANGE useIPv6="1" */
	bool user_context;     /* DOMAIN userContext="1": the logged-on user's domain */
	char *os_version;      /* OS: "WIN10", "2K12R2", ... or "NE" */
	char *os_type;         /* OS: "NE", "WS" (workstation), "SE"/"DC" (server) */
	char *os_edition;      /* OS: "NE" or an edition accord cannot tell */
	char *os_sp;           /* OS: "NE" or a service pack accord cannot tell */
	uint8_t ip_min[16], ip_max[16]; /* IPRANGE, network order, IPv4 as ::ffff:a.b.c.d */
	enum tf_period period; /* DATE */
	int dow;               /* DATE weekly: 0 = Sunday */
	int day, month, year;  /* DATE: day of month; month 1-12; year (NONE) */
	int begin, end;        /* TIME: seconds since midnight */
	char **attrs;          /* OTHER: its attributes as written, name, value, ... */
	size_t n_attrs;        /* (a multiple of 2) */
	struct tf_node *kids;  /* COLLECTION */
	size_t n_kids, alloc_kids;
};

void tf_free(struct tf_node *t);
/* Appends a zeroed child to a collection; valid until the next append. */
struct tf_node *tf_add_kid(struct tf_node *coll);
/* Deep copy (NULL -> NULL). */
struct tf_node *tf_copy(const struct tf_node *t);
/* The same, its positions naming m's own copies of the file names. */
struct tf_node *tf_copy_into(const struct tf_node *t, struct model *m);
/* Same meaning: positions, and the element names of filters accord knows,
 * aside (a hosts: pattern equals its FilterComputer). */
bool tf_equal(const struct tf_node *a, const struct tf_node *b);

/* Parses "a.b.c.d" or an IPv6 address into 16 bytes (IPv4 mapped). */
bool tf_parse_ip(const char *s, uint8_t out[16]);

/* What is known of the host, for evaluation. NULL strings and false *_known
 * make the filters that need them unknown. */
struct tf_host {
	const struct nu_host *nu; /* names, domain, OS, address; may be NULL */
	time_t now;               /* accord's clock, evaluated in local time */
};

enum tf_value { TF_FALSE = 0, TF_TRUE, TF_UNKNOWN };

struct tf_verdict {
	bool applies;
	bool unknown;                 /* not applied because a filter is unknown */
	const struct tf_node *filter; /* the filter that decided (NULL: no tree) */
	char why[320];                /* "FilterComputer NETBIOS 'WS01' (file:3:5): this host is 'SRV02'" */
	bool clock;                   /* the verdict depends on accord's clock */
};

/* Evaluates tree t (NULL: applies everywhere) for host h. unknown_match:
 * unknown filters count as true. */
void tf_eval(const struct tf_node *t, const struct tf_host *h, bool unknown_match,
	     struct tf_verdict *out);

/* One item that does not apply to this host. */
struct tf_skip {
	bool group;              /* a <Group> / groups: item, else a user */
	char *name;              /* the item's account or group name (or SID) */
	enum m_action action;
	struct src_pos pos;      /* the item */
	char *why;               /* tf_verdict.why */
	bool unknown;            /* skipped because a filter is unknown */
};

/* Appends a copy of s to m->skipped (model_merge). */
void tf_skip_copy_into(const struct tf_skip *s, struct model *m);

/* Whether some user or group of m has a target. */
bool model_has_targets(const struct model *m);

/* Removes from m every user and group whose target does not apply to h and
 * records each in m->skipped; the items that stay are for this host, and
 * their trees are dropped. Returns the number of items removed. */
size_t tf_select(struct model *m, const struct tf_host *h, bool unknown_match);

/* Account names written DOMAIN\name (name_prefix.c). The prefix must name
 * the server's own SAM: its computer name (NetBIOS or DNS), or, on a domain
 * controller, its domain (NetBIOS or DNS). Each user name and new name with
 * such a prefix becomes the bare name; any other prefix adds one DIAG_ERROR
 * naming the prefix and the server and leaves the name as it is. Returns the
 * number of errors added. */
size_t model_resolve_prefixes(struct model *m, const struct nu_host *h, struct diags *d);
/* Whether some user name or new name has a DOMAIN\ prefix. */
bool model_has_prefixes(const struct model *m);
