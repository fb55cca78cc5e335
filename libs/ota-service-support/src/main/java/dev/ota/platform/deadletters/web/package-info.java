/** The admin endpoint of the dead letters ({@code /api/admin/dead-letters}), role ADMIN. */
@NullMarked
package dev.ota.platform.deadletters.web;

import org.jspecify.annotations.NullMarked;
