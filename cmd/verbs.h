#pragma once
/* verbs.h: handlers of the verbs in the table (verbs.c). */
#include "cli.h"
