/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * json: a small streaming JSON writer for vxswctl -j/-p. The caller opens and closes objects and
 * arrays and writes keys and values in order; commas, indentation and string escaping (control
 * characters, quotes, invalid UTF-8) are handled here. No allocation.
 */
#ifndef VXSW_CONTROL_JSON_H
#define VXSW_CONTROL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *f;
	bool pretty;
	bool after_key; /* a key was written, its value comes next */
	unsigned int depth;
	bool first[JSON_MAX_DEPTH + 1]; /* nothing written yet at this depth */
	bool is_obj[JSON_MAX_DEPTH + 1];
	int err; /* first misuse (-EINVAL) or write error (-EIO), sticky */
};

void json_init(struct json *j, FILE *f, bool pretty);

/* Inside an object, every value is preceded by json_key(). */
void json_key(struct json *j, const char *key);
void json_obj_open(struct json *j);
void json_obj_close(struct json *j);
void json_arr_open(struct json *j);
void json_arr_close(struct json *j);
void json_str(struct json *j, const char *s);
void json_u64(struct json *j, uint64_t v);
void json_double(struct json *j, double v); /* non-finite values are written as null */
void json_bool(struct json *j, bool v);
void json_null(struct json *j);

/* key + value shorthands */
void json_kv_str(struct json *j, const char *key, const char *s);
void json_kv_u64(struct json *j, const char *key, uint64_t v);
void json_kv_bool(struct json *j, const char *key, bool v);

/*
 * End the document: checks every object and array was closed, writes a newline and flushes.
 * Returns 0, or -EINVAL if the writer was misused, -EIO if writing failed.
 */
int json_finish(struct json *j);

#endif /* VXSW_CONTROL_JSON_H */
