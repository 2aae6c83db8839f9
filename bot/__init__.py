"""ownerbot: accountable owners, response times and a weekly digest for client channels."""
