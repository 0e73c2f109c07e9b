/* main.c: global options, verb lookup, per-verb setup. */
#include "cli.h"
#include "platform.h"
#include "setup.h"

#include "xalloc.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
	fputs("usage: accord [-s|--server HOST] [-U|--user [DOMAIN\\]USER]\n"
	      "              [-A|--authentication-file FILE] [--state PATH]\n"
	      "              [--format text|json] [--no-color] [-v] [--trace]\n"
	      "              [--gpp-unknown-filters skip|match] VERB [ARGS]\n"
	      "\n"
	      "Manage Windows and Samba user accounts declaratively over the NetUser API.\n"
	      "\n"
	      "verbs:\n", f);
	for (const struct verb *v = cli_verbs; v->name; v++)
		fprintf(f, "  %-10s %s\n", v->name, v->help);
	fputs("\n"
	      "global options:\n"
	      "  -s, --server HOST      server to manage (default: the local machine)\n"
	      "  -U, --user [DOM\\]USER  account to connect as\n"
	      "  -A, --authentication-file FILE\n"
	      "                         smbclient-style file: username =, password =, domain =\n"
	      "      --state PATH       state database (default: $ACCORD_STATE, else\n"
	      "                         /var/lib/accord/state.db for root, else\n"
	      "                         $XDG_STATE_HOME/accord/state.db or\n"
	      "                         ~/.local/state/accord/state.db)\n"
	      "      --format FMT       text (default) or json\n"
	      "      --no-color         no colour (also NO_COLOR, or when not a terminal)\n"
	      "  -v, --verbose          say more\n"
	      "      --trace            print every NetUser call to stderr\n"
	      "      --gpp-unknown-filters skip|match\n"
	      "                         an item whose targeting accord cannot evaluate\n"
	      "                         (registry, WMI, ...) is skipped (default), or\n"
	      "                         those filters count as true (match)\n"
	      "  -h, --help             this help; 'accord VERB --help' for a verb\n"
	      "      --version          print the version\n"
	      "\n"
	      "The password is read from the authentication file or $ACCORD_PASSWORD,\n"
	      "never from the command line.\n", f);
}

static const struct verb *find_verb(const char *name)
{
	for (const struct verb *v = cli_verbs; v->name; v++)
		if (!strcmp(v->name, name))
			return v;
	return NULL;
}

enum { OPT_STATE = 256, OPT_FORMAT, OPT_NO_COLOR, OPT_TRACE, OPT_VERSION, OPT_GPP_UNKNOWN };

static int parse_global(struct cli *cli, int argc, char **argv, bool *no_color)
{
	static const struct option opts[] = {
		{ "server", required_argument, NULL, 's' },
		{ "user", required_argument, NULL, 'U' },
		{ "authentication-file", required_argument, NULL, 'A' },
		{ "state", required_argument, NULL, OPT_STATE },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		{ "verbose", no_argument, NULL, 'v' },
		{ "trace", no_argument, NULL, OPT_TRACE },
		{ "gpp-unknown-filters", required_argument, NULL, OPT_GPP_UNKNOWN },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+s:U:A:vh", opts, NULL)) != -1) {
		switch (c) {
		case 's': cli->server = optarg; break;
		case 'U': cli_set_user(cli, optarg); break;
		case 'A': cli->auth_file = optarg; break;
		case OPT_STATE:
			free(cli->state_path);
			cli->state_path = xstrdup(optarg);
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "text"))
				cli->format = CLI_TEXT;
			else if (!strcmp(optarg, "json"))
				cli->format = CLI_JSON;
			else if (!strcmp(optarg, "junit"))
				cli->format = CLI_JUNIT;
			else
				return cli_errorf("unknown --format '%s' (expected text, json or junit)", optarg);
			cli->format_set = true;
			break;
		case OPT_NO_COLOR: *no_color = true; break;
		case 'v': cli->verbose++; break;
		case OPT_TRACE: cli->trace = true; break;
		case OPT_GPP_UNKNOWN:
			if (strcmp(optarg, "skip") && strcmp(optarg, "match"))
				return cli_errorf("unknown --gpp-unknown-filters '%s' (expected skip or match)",
						  optarg);
			cli->gpp_unknown_match = !strcmp(optarg, "match");
			break;
		case 'h': usage(stdout); return 0;
		case OPT_VERSION: printf("accord %s\n", ACCORD_VERSION); return 0;
		default:
			if (optopt && optopt < 256)
				cli_errorf("unknown or incomplete option '-%c'; see 'accord --help'", optopt);
			else
				cli_errorf("unknown or incomplete option '%s'; see 'accord --help'",
					   argv[optind - 1]);
			return 1;
		}
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	bool no_color = false;
	int rc;

	plat_console_init();
	rc = parse_global(&cli, argc, argv, &no_color);
	if (rc >= 0)
		goto out;
	if (optind >= argc) {
		usage(stderr);
		rc = 1;
		goto out;
	}
	cli.verb = find_verb(argv[optind]);
	if (!cli.verb) {
		rc = cli_errorf("unknown verb '%s'; see 'accord --help'", argv[optind]);
		goto out;
	}
	argc -= optind;
	argv += optind;
	optind = 1;
	if (cli_wants_help(argc, argv)) {
		cli_verb_help(cli.verb, stdout);
		rc = 0;
		goto out;
	}
	cli.color = !no_color && !getenv("NO_COLOR") && isatty(STDOUT_FILENO);
	if (!cli.state_path)
		cli.state_path = cli_default_state_path();
	rc = cli_setup(&cli);
	if (rc == 0)
		rc = cli.verb->fn(&cli, argc, argv);
	cli_teardown(&cli);
out:
	if (cli.password) {
		explicit_bzero(cli.password, strlen(cli.password));
		free(cli.password);
	}
	free(cli.user);
	free(cli.domain);
	free(cli.state_path);
	return rc;
}
