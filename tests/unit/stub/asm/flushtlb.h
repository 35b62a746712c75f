/* Host stand-in: the unit test defining the TLB clock provides these. */
