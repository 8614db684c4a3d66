package dev.weft.gateway.engine;

/** One attempt of one subtask: what "at most once" is counted against (S0.8). */
record ExecutionKey(String taskId, String subtaskId, int attempt) {
    @Override
    public String toString() {
        return taskId + "/" + subtaskId + "#" + attempt;
    }
}
