"""Patient billing: estimates, patient accounts, payments, statements, payment plans, collections."""
