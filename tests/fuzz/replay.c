/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * replay: a main() for the fuzz targets without libFuzzer. It runs LLVMFuzzerTestOneInput on
 * every file named on the command line and on every file of every directory named (sorted, not
 * recursive; README and dot files skipped), or on stdin when given no argument. The unit suite
 * replays the corpora and regressions with it on any compiler (tests/fuzz/meson.build).
 *
 * It also makes the targets buildable for AFL++ without libFuzzer: afl-clang-fast links this
 * same main, which reads the input from stdin (or the file afl-fuzz puts at @@). Faster, AFL++'s
 * own driver comes with afl-clang-fast -fsanitize=fuzzer (docs/testing.md, "Fuzzing").
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs larger than this are refused: no corpus file comes near it. */
#define REPLAY_MAX (1u << 20)

/* Read all of f into a buffer of exactly its size (so ASan sees reads past the end). */
static int read_all(FILE *f, uint8_t **ret, size_t *ret_len)
{
	uint8_t *buf = malloc(REPLAY_MAX), *exact;
	size_t len;

	if (!buf)
		return -ENOMEM;
	len = fread(buf, 1, REPLAY_MAX, f);
	if (ferror(f) || !feof(f)) {
		free(buf);
		return ferror(f) ? -EIO : -EFBIG;
	}
	exact = malloc(len ? len : 1);
	if (!exact) {
		free(buf);
		return -ENOMEM;
	}
	memcpy(exact, buf, len);
	free(buf);
	*ret = exact;
	*ret_len = len;
	return 0;
}

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t len;
	int ret;

	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	ret = read_all(f, &buf, &len);
	fclose(f);
	if (ret < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(-ret));
		return -1;
	}
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

static int skip_name(const char *name)
{
	return name[0] == '.' || !strncmp(name, "README", 6);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of dir, in name order; returns the number run or -1. */
static int run_dir(const char *dir)
{
	char **names = NULL, path[4096];
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	int ret = 0;
	DIR *d;

	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		if (skip_name(de->d_name))
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof(*names));

			if (!nn) {
				ret = -1;
				break;
			}
			names = nn;
		}
		names[n] = strdup(de->d_name);
		if (!names[n]) {
			ret = -1;
			break;
		}
		n++;
	}
	closedir(d);
	if (names)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (ret >= 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode))
			ret = run_file(path) < 0 ? -1 : ret + 1;
		free(names[i]);
	}
	free(names);
	return ret;
}

int main(int argc, char **argv)
{
	uint8_t *buf;
	size_t len;
	int i, n, total = 0;

	if (argc < 2) {
		if (read_all(stdin, &buf, &len) < 0) {
			fprintf(stderr, "replay: cannot read stdin\n");
			return 1;
		}
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			return 1;
		}
		if (S_ISDIR(st.st_mode))
			n = run_dir(argv[i]);
		else
			n = run_file(argv[i]) < 0 ? -1 : 1;
		if (n < 0)
			return 1;
		total += n;
	}
	printf("replay: %d inputs, no failure\n", total);
	return 0;
}
