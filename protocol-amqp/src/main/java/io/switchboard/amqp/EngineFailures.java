package io.switchboard.amqp;

import org.apache.qpid.proton.amqp.transport.ConnectionError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.SessionError;

/** Names the AMQP error for an exception proton-j's engine threw while reading a peer's frames. */
final class EngineFailures {
    private EngineFailures() {
    }

    /**
     * A {@link NullPointerException} inside a transfer, flow or disposition handler means the frame named a
     * handle or delivery that is not attached ({@code amqp:session:unattached-handle}); anything else is a frame
     * the engine could not accept ({@code amqp:connection:framing-error}).
     */
    static ErrorCondition conditionOf(RuntimeException e) {
        if (e instanceof NullPointerException) {
            for (StackTraceElement frame : e.getStackTrace()) {
                String method = frame.getMethodName();
                if (frame.getClassName().startsWith("org.apache.qpid.proton.engine.impl.Transport")
                        && (method.equals("handleTransfer") || method.equals("handleFlow")
                        || method.equals("handleDisposition") || method.equals("handleDetach"))) {
                    return new ErrorCondition(SessionError.UNATTACHED_HANDLE,
                            "frame refers to a link handle that is not attached");
                }
            }
        }
        return new ErrorCondition(ConnectionError.FRAMING_ERROR, "frame not accepted: " + e);
    }
}
