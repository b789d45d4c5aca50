// SPDX-License-Identifier: BSD-3-Clause
/*
 * json: streaming JSON writer (RFC 8259) used by vxswctl. Strings are escaped byte by byte and
 * checked as UTF-8: an invalid sequence becomes U+FFFD so the output always parses.
 */
#include "json.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>

void json_init(struct json *j, FILE *f, bool pretty)
{
	*j = (struct json){.f = f, .pretty = pretty};
	j->first[0] = true;
}

static void newline(struct json *j)
{
	unsigned int i;

	if (!j->pretty)
		return;
	fputc('\n', j->f);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

/* Before any value: the comma and indentation, or nothing right after a key. */
static bool begin_value(struct json *j)
{
	if (j->err)
		return false;
	if (j->after_key) {
		j->after_key = false;
		return true;
	}
	if (j->is_obj[j->depth]) {
		j->err = -EINVAL; /* a value in an object without a key */
		return false;
	}
	if (j->depth == 0 && !j->first[0]) {
		j->err = -EINVAL; /* a second top-level value */
		return false;
	}
	if (!j->first[j->depth])
		fputc(',', j->f);
	if (j->depth)
		newline(j);
	j->first[j->depth] = false;
	return true;
}

static void put_string(struct json *j, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', j->f);
	while (*p) {
		unsigned char ch = *p;
		int n = 0, i;
		uint32_t cp;

		if (ch < 0x80) {
			switch (ch) {
			case '"':
				fputs("\\\"", j->f);
				break;
			case '\\':
				fputs("\\\\", j->f);
				break;
			case '\n':
				fputs("\\n", j->f);
				break;
			case '\r':
				fputs("\\r", j->f);
				break;
			case '\t':
				fputs("\\t", j->f);
				break;
			case '\b':
				fputs("\\b", j->f);
				break;
			case '\f':
				fputs("\\f", j->f);
				break;
			default:
				if (ch < 0x20)
					fprintf(j->f, "\\u%04x", ch);
				else
					fputc(ch, j->f);
			}
			p++;
			continue;
		}
		/* Multi-byte UTF-8: copy only well-formed, shortest-form, non-surrogate sequences.
		 */
		if (ch >= 0xc2 && ch <= 0xdf) {
			n = 1;
			cp = ch & 0x1f;
		} else if (ch >= 0xe0 && ch <= 0xef) {
			n = 2;
			cp = ch & 0x0f;
		} else if (ch >= 0xf0 && ch <= 0xf4) {
			n = 3;
			cp = ch & 0x07;
		} else {
			cp = 0;
		}
		for (i = 1; n && i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80) {
				n = 0;
				break;
			}
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if (n && ((n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
			  (n == 3 && (cp < 0x10000 || cp > 0x10ffff))))
			n = 0;
		if (!n) {
			fputs("\\ufffd", j->f);
			p++;
			continue;
		}
		fwrite(p, 1, (size_t)n + 1, j->f);
		p += n + 1;
	}
	fputc('"', j->f);
}

void json_key(struct json *j, const char *key)
{
	if (j->err)
		return;
	if (!j->is_obj[j->depth] || j->after_key) {
		j->err = -EINVAL;
		return;
	}
	if (!j->first[j->depth])
		fputc(',', j->f);
	newline(j);
	j->first[j->depth] = false;
	put_string(j, key);
	fputs(j->pretty ? ": " : ":", j->f);
	j->after_key = true;
}

static void open_container(struct json *j, bool obj)
{
	if (!begin_value(j))
		return;
	if (j->depth == JSON_MAX_DEPTH) {
		j->err = -EINVAL;
		return;
	}
	fputc(obj ? '{' : '[', j->f);
	j->depth++;
	j->first[j->depth] = true;
	j->is_obj[j->depth] = obj;
}

static void close_container(struct json *j, bool obj)
{
	bool empty;

	if (j->err)
		return;
	if (!j->depth || j->is_obj[j->depth] != obj || j->after_key) {
		j->err = -EINVAL;
		return;
	}
	empty = j->first[j->depth];
	j->depth--;
	if (!empty)
		newline(j);
	fputc(obj ? '}' : ']', j->f);
}

void json_obj_open(struct json *j)
{
	open_container(j, true);
}

void json_obj_close(struct json *j)
{
	close_container(j, true);
}

void json_arr_open(struct json *j)
{
	open_container(j, false);
}

void json_arr_close(struct json *j)
{
	close_container(j, false);
}

void json_str(struct json *j, const char *s)
{
	if (begin_value(j))
		put_string(j, s);
}

void json_u64(struct json *j, uint64_t v)
{
	if (begin_value(j))
		fprintf(j->f, "%" PRIu64, v);
}

void json_double(struct json *j, double v)
{
	if (!begin_value(j))
		return;
	if (isfinite(v))
		fprintf(j->f, "%.2f", v);
	else
		fputs("null", j->f);
}

void json_bool(struct json *j, bool v)
{
	if (begin_value(j))
		fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j)
{
	if (begin_value(j))
		fputs("null", j->f);
}

void json_kv_str(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_str(j, s);
}

void json_kv_u64(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_u64(j, v);
}

void json_kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

int json_finish(struct json *j)
{
	if (!j->err && (j->depth || j->after_key))
		j->err = -EINVAL;
	fputc('\n', j->f);
	if (fflush(j->f) || ferror(j->f))
		return j->err ? j->err : -EIO;
	return j->err;
}
