/* Keys and mouse: what each does on each screen. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui/dash.h"

static void open_selected(struct dash *d)
{
	const struct dash_row *r = dash_selected(d);
	if (!r)
		return;
	snprintf(d->dev_net, sizeof d->dev_net, "%s", r->d->network);
	snprintf(d->dev_id, sizeof d->dev_id, "%s", r->d->id);
	d->screen = SCR_DEVICE;
}

static void go(struct dash *d, enum dash_screen s)
{
	if (s == SCR_DEVICE && !d->dev_id[0])
		open_selected(d);
	if (d->screen != s)
		d->prev_screen = d->screen;
	d->screen = s;
	d->scroll = 0;
}

static void step_sel(struct dash *d, long delta)
{
	if (d->screen != SCR_FLEET) {
		if (delta < 0 && (size_t)-delta > d->scroll)
			d->scroll = 0;
		else
			d->scroll = (size_t)((long)d->scroll + delta);
		return;
	}
	if (!d->nrows)
		return;
	d->picked = 1;
	long s = (long)d->sel + delta;
	if (s < 0)
		s = 0;
	if (s >= (long)d->nrows)
		s = (long)d->nrows - 1;
	d->sel = (size_t)s;
}

static void filter_key(struct dash *d, int ch)
{
	size_t len = strlen(d->filter);
	if (ch == 27) {
		d->filter[0] = '\0';
		d->filtering = 0;
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		d->filtering = 0;
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (len)
			d->filter[len - 1] = '\0';
	} else if (ch >= 32 && ch < 127 && len + 1 < sizeof d->filter) {
		d->filter[len] = (char)ch;
		d->filter[len + 1] = '\0';
	} else {
		return;
	}
	d->sel = 0;
	dash_fleet_rebuild(d);
}

static void mouse(struct dash *d)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED) {
		step_sel(d, -3);
		return;
	}
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED) {
		step_sel(d, 3);
		return;
	}
#endif
	if (ev.y == 0 && (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED))) {
		/* the tabs */
		static const int starts[] = {10, 20, 31, 42, 55, 64};
		for (int i = 0; i < SCR_COUNT; i++)
			if (ev.x >= starts[i] && ev.x < starts[i + 1])
				go(d, (enum dash_screen)i);
		return;
	}
	if (d->screen != SCR_FLEET)
		return;
	long i = scr_fleet_row_at(d, ev.y);
	if (i < 0)
		return;
	d->sel = (size_t)i;
	d->picked = 1;
	if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
		open_selected(d);
}

static void key(struct dash *d, int ch);

void dash_key(struct dash *d, int ch)
{
	key(d, ch);
	dash_remember_sel(d);
}

static void key(struct dash *d, int ch)
{
	d->dirty = 1;
	if (d->filtering) {
		filter_key(d, ch);
		return;
	}
	int page = scr_fleet_rows();
	switch (ch) {
	case 'q': case 'Q': d->quit = 1; break;
	case KEY_UP: case 'k': step_sel(d, -1); break;
	case KEY_DOWN: case 'j': step_sel(d, 1); break;
	case KEY_PPAGE: step_sel(d, -page); break;
	case KEY_NPAGE: case ' ': step_sel(d, page); break;
	case KEY_HOME: case 'g': step_sel(d, -(long)d->nrows - (long)d->scroll); break;
	case KEY_END: case 'G': step_sel(d, (long)d->nrows); break;
	case '\t': go(d, (enum dash_screen)((d->screen + 1) % SCR_COUNT)); break;
	case KEY_BTAB: go(d, (enum dash_screen)((d->screen + SCR_COUNT - 1) % SCR_COUNT)); break;
	case '1': case '2': case '3': case '4': case '5': go(d, (enum dash_screen)(ch - '1')); break;
	case '?': case KEY_F(1): go(d, SCR_HELP); break;
	case '\n': case '\r': case KEY_ENTER:
		if (d->screen == SCR_FLEET)
			open_selected(d);
		break;
	case 27: case KEY_BACKSPACE: case 127: case 'h':
		if (d->screen != SCR_FLEET)
			go(d, d->screen == SCR_DEVICE || d->prev_screen == d->screen ? SCR_FLEET : d->prev_screen);
		break;
	case '/':
		go(d, SCR_FLEET);
		d->filtering = 1;
		break;
	case 's':
		d->sort_col = (d->sort_col + 1) % COL_COUNT;
		dash_fleet_rebuild(d);
		snprintf(d->message, sizeof d->message, "sorted by %s", dash_col_names[d->sort_col]);
		d->message_until = dash_now(d) + 3;
		break;
	case 'S':
		d->sort_desc = !d->sort_desc;
		dash_fleet_rebuild(d);
		break;
	case 'w': d->chart_bucket = (d->chart_bucket + 1) % 3; break;
	case 'r':
		dash_fleet_start_due(d, 1);
		snprintf(d->message, sizeof d->message, "refreshing every network");
		d->message_until = dash_now(d) + 2;
		break;
	case 'c':
		if (d->screen == SCR_FLEET)
			open_selected(d);
		if (d->screen == SCR_DEVICE)
			dash_claim(d);
		break;
	case KEY_MOUSE: mouse(d); break;
	case KEY_RESIZE: break;
	default: d->dirty = 0; break;
	}
}
