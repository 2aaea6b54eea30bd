/** The newsroom's session cookie; scoped to /admin so reader pages never carry a cookie. */
export const SESSION_COOKIE = 'bs_session';
export const CSRF_COOKIE = 'bs_csrf';
export const COOKIE_PATH = '/admin';

/** Set at newsroom login on the beacon's path, so staff reading the site are not counted. */
export const STAFF_COOKIE = 'bs_staff';
export const STAFF_COOKIE_PATH = '/_/';
