/* nu_trace.c: counters and the trace hook of the NetUser layer, shared by
 * every backend. Every platform call goes through nu_trace_call(). */
#include "nu_internal.h"

#include <string.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <time.h>
#endif

double nu_now_ms(void)
{
#ifdef _WIN32
	LARGE_INTEGER f, c;

	QueryPerformanceFrequency(&f);
	QueryPerformanceCounter(&c);
	return (double)c.QuadPart * 1000.0 / (double)f.QuadPart;
#else
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
#endif
}

void nu_trace_call(struct nu_tracer *t, const char *function, uint32_t level,
		   const char *account, uint32_t raw, double t0, bool write, bool remote)
{
	struct nu_trace_event ev = {
		.function = function, .level = level, .account = account,
		.raw = raw, .ms = nu_now_ms() - t0, .write = write,
	};

	t->st.calls++;
	if (write)
		t->st.writes++;
	else
		t->st.reads++;
	if (remote)
		t->st.round_trips++;
	t->st.ms += ev.ms;
	if (t->fn)
		t->fn(t->ud, &ev);
}

void nu_set_trace(struct nu_conn *c, nu_trace_fn fn, void *ud)
{
	struct nu_tracer *t = nu_conn_tracer(c);

	t->fn = fn;
	t->ud = ud;
}

void nu_get_stats(const struct nu_conn *c, struct nu_stats *out)
{
	*out = nu_conn_tracer((struct nu_conn *)c)->st;
}

void nu_reset_stats(struct nu_conn *c)
{
	memset(&nu_conn_tracer(c)->st, 0, sizeof(struct nu_stats));
}
