package dev.weft.chaincode.ledger;

import java.util.List;

/** One page of a paged query; an empty bookmark means there is no next page. */
public record Page<T>(List<T> items, String bookmark) {
    public static final int MAX_PAGE_SIZE = 200;
}
