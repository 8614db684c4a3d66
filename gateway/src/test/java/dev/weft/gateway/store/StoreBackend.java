package dev.weft.gateway.store;

/** A real database the store contracts run against, with failures that can be switched on from outside. */
interface StoreBackend {
    /** Opens the store on this backend's database (the same one every time). */
    GatewayStore open();

    /** Makes every insert of a task-list entry with this task ID fail inside the database. */
    void failTaskInserts(String taskId);

    /** Makes every write of an event checkpoint fail inside the database. */
    void failCheckpointWrites();
}
