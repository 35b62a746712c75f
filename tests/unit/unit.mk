# placeholder, replaced below
unit-tests:
