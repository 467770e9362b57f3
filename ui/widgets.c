/* Drawing pieces: clipped text, colours with a monochrome fallback,
 * sparklines, bar charts in eighth blocks, dialogs, the status line. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui/dash.h"

void w_init_colors(struct dash *d)
{
	const char *nc = getenv("NO_COLOR");
	d->color = !(nc && *nc) && has_colors();
	if (!d->color)
		return;
	start_color();
	use_default_colors();
	init_pair(PAIR_HEAD, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_SEL, COLOR_BLACK, COLOR_YELLOW);
	init_pair(PAIR_OFF, COLOR_RED, -1);
	init_pair(PAIR_DEG, COLOR_YELLOW, -1);
	init_pair(PAIR_OK, COLOR_GREEN, -1);
	init_pair(PAIR_STALE, COLOR_MAGENTA, -1);
	init_pair(PAIR_BAR, COLOR_BLACK, COLOR_WHITE);
	init_pair(PAIR_DIALOG, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_CHART, COLOR_CYAN, -1);
}

/* Monochrome: headers and the selection in reverse, alerts bold. */
static int mono_attr(int pair)
{
	switch (pair) {
	case PAIR_HEAD: case PAIR_SEL: case PAIR_BAR: case PAIR_DIALOG: return (int)A_REVERSE;
	case PAIR_OFF: return (int)A_BOLD;
	case PAIR_STALE: return (int)A_DIM;
	default: return 0;
	}
}

void w_attr_on(const struct dash *d, int pair, int attrs)
{
	attron(attrs | (int)(d->color ? (unsigned)COLOR_PAIR(pair) : (unsigned)mono_attr(pair)));
}

void w_attr_off(const struct dash *d, int pair, int attrs)
{
	attroff(attrs | (int)(d->color ? (unsigned)COLOR_PAIR(pair) : (unsigned)mono_attr(pair)));
}

/* UTF-8 text in at most width columns. */
void w_text(int y, int x, int width, const char *s)
{
	if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
		return;
	if (x + width > COLS)
		width = COLS - x;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	wchar_t buf[512];
	int n = 0, cols = 0;
	const char *p = s;
	while (*p && n < 511) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, p, strlen(p), &st);
		if (k == (size_t)-1 || k == (size_t)-2) {
			wc = L'?';
			k = 1;
			memset(&st, 0, sizeof st);
		}
		if (wc < 32 || wc == 127)
			wc = L' ';
		int w = wcwidth(wc);
		if (w < 0)
			w = 1;
		if (cols + w > width)
			break;
		buf[n++] = wc;
		cols += w;
		p += k;
	}
	buf[n] = 0;
	mvaddnwstr(y, x, buf, n);
}

void w_fill(int y, int x, int width)
{
	if (y < 0 || y >= LINES)
		return;
	if (x + width > COLS)
		width = COLS - x;
	if (width > 0)
		mvhline(y, x, ' ', width);
}

static const wchar_t blocks[] = L" ▁▂▃▄▅▆▇█";

void w_sparkline(int y, int x, int width, const double *v, size_t n)
{
	if (width <= 0 || !n)
		return;
	size_t from = n > (size_t)width ? n - (size_t)width : 0;
	double lo = v[from], hi = v[from];
	for (size_t i = from; i < n; i++) {
		if (v[i] < lo)
			lo = v[i];
		if (v[i] > hi)
			hi = v[i];
	}
	wchar_t buf[256];
	int k = 0;
	for (size_t i = from; i < n && k < 255; i++) {
		int lvl = hi > lo ? 1 + (int)((v[i] - lo) / (hi - lo) * 7.0 + 0.5) : 4;
		buf[k++] = blocks[lvl > 8 ? 8 : lvl];
	}
	buf[k] = 0;
	if (y >= 0 && y < LINES && x < COLS)
		mvaddnwstr(y, x, buf, k < COLS - x ? k : COLS - x);
}

void w_bars(const struct dash *d, int y, int x, int height, int width, const double *v, size_t n)
{
	if (height <= 0 || width <= 0 || !n)
		return;
	size_t from = n > (size_t)width ? n - (size_t)width : 0;
	double hi = 0;
	for (size_t i = from; i < n; i++)
		if (v[i] > hi)
			hi = v[i];
	w_attr_on(d, PAIR_CHART, 0);
	for (size_t i = from; i < n; i++) {
		int col = x + (int)(i - from);
		if (col >= COLS)
			break;
		int eighths = hi > 0 ? (int)(v[i] / hi * height * 8 + 0.5) : 0;
		if (v[i] > 0 && eighths == 0)
			eighths = 1;
		for (int r = 0; r < height; r++) {
			int cell = eighths - r * 8;
			wchar_t c = cell >= 8 ? blocks[8] : cell > 0 ? blocks[cell] : L' ';
			if (y + height - 1 - r < LINES)
				mvaddnwstr(y + height - 1 - r, col, &c, 1);
		}
	}
	w_attr_off(d, PAIR_CHART, 0);
}

/* Lines of text split on '\n', each clipped. */
static int count_lines(const char *text, int *maxw)
{
	int n = 1, w = 0, cur = 0;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			n++;
			cur = 0;
		} else if (((unsigned char)*p & 0xc0) != 0x80 && ++cur > w) {
			w = cur;
		}
	}
	*maxw = w;
	return n;
}

static void box_at(const struct dash *d, int y, int x, int h, int w, const char *title)
{
	w_attr_on(d, PAIR_DIALOG, 0);
	for (int r = 0; r < h; r++)
		w_fill(y + r, x, w);
	mvhline(y, x, ACS_HLINE, w);
	mvhline(y + h - 1, x, ACS_HLINE, w);
	mvvline(y, x, ACS_VLINE, h);
	mvvline(y, x + w - 1, ACS_VLINE, h);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	char t[128];
	snprintf(t, sizeof t, " %s ", title);
	w_attr_on(d, PAIR_DIALOG, A_BOLD);
	w_text(y, x + 2, w - 4, t);
	w_attr_off(d, PAIR_DIALOG, A_BOLD);
	w_attr_on(d, PAIR_DIALOG, 0);
}

void w_dialog(const struct dash *d, const char *title, const char *text, const char *keys)
{
	int maxw, n = count_lines(text, &maxw);
	int kw = (int)strlen(keys);
	int w = (maxw > kw ? maxw : kw) + 4, h = n + 4;
	if (w < (int)strlen(title) + 6)
		w = (int)strlen(title) + 6;
	if (w > COLS)
		w = COLS;
	if (h > LINES)
		h = LINES;
	int y = (LINES - h) / 2, x = (COLS - w) / 2;
	box_at(d, y, x, h, w, title);
	const char *p = text;
	for (int r = 0; r < n && r < h - 4; r++) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char line[512];
		snprintf(line, sizeof line, "%.*s", (int)len, p);
		w_text(y + 1 + r, x + 2, w - 4, line);
		p = e ? e + 1 : p + len;
	}
	w_text(y + h - 2, x + 2, w - 4, keys);
	w_attr_off(d, PAIR_DIALOG, 0);
}

int w_wait_key(void)
{
	/* a dialog waits for its key (the loop's nodelay would spin) */
	nodelay(stdscr, FALSE);
	int ch = getch();
	nodelay(stdscr, TRUE);
	return ch;
}

int w_ask(const struct dash *d, const char *title, const char *question, char *out, size_t size, int secret)
{
	size_t len = 0;
	out[0] = '\0';
	for (;;) {
		char text[600];
		char shown[128];
		size_t k = len < sizeof shown - 1 ? len : sizeof shown - 1;
		if (secret)
			snprintf(shown, sizeof shown, "%s", "");
		else
			snprintf(shown, sizeof shown, "%.*s", (int)k, out);
		snprintf(text, sizeof text, "%s\n> %s", question, shown);
		w_dialog(d, title, text, "Enter: OK   Esc: cancel");
		refresh();
		int ch = w_wait_key();
		if (ch == ERR)
			continue;
		if (ch == 27) {
			explicit_bzero(out, size);
			return -1;
		}
		if (ch == '\n' || ch == '\r' || ch == KEY_ENTER)
			return 0;
		if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) && len)
			out[--len] = '\0';
		else if (ch >= 32 && ch < 256 && len + 1 < size) {
			out[len++] = (char)ch;
			out[len] = '\0';
		}
	}
}

void w_status(struct dash *d)
{
	int y = LINES - 1;
	int64_t now = dash_now(d);
	w_attr_on(d, PAIR_BAR, 0);
	w_fill(y, 0, COLS);
	char line[2048];
	size_t off = 0;
	if (d->filtering) {
		snprintf(line, sizeof line, "/%s_  (Enter: keep, Esc: clear)", d->filter);
	} else if (d->message[0] && now < d->message_until) {
		snprintf(line, sizeof line, "%s", d->message);
	} else {
		line[0] = '\0';
		int run = dash_running(d);
		if (run)
			off += (size_t)snprintf(line + off, sizeof line - off, "refreshing %d  ", run);
		for (size_t i = 0; i < d->nnets && off < sizeof line - 80; i++) {
			const struct dash_net *n = &d->nets[i];
			char a[16];
			net_ago(a, sizeof a, n->have_last ? n->last_ok : 0, now);
			if (n->failed)
				off += (size_t)snprintf(line + off, sizeof line - off, "%s:ERR stale %s  ", n->a->name, a);
			else
				off += (size_t)snprintf(line + off, sizeof line - off, "%s:%s  ", n->a->name, a);
		}
	}
	w_text(y, 0, COLS, line);
	w_attr_off(d, PAIR_BAR, 0);
}
