"""What an SMV app's tests derive from, at SMV's module path (`test_support.smvbasetest`)."""
