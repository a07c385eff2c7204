package org.llmrerank.plugin.models;

import org.llmrerank.rest.models.ModelFileAccess;
import org.opensearch.secure_sm.AccessController;

/**
 * Model files are read inside OpenSearch's privileged blocks: the plugin's policy grants read on the models directory,
 * and the server's code on the stack (thread pools, transport) need not have it.
 */
public final class PrivilegedModelFiles {

    private static final ModelFileAccess.Runner OPENSEARCH = new ModelFileAccess.Runner() {
        @Override
        public <T, E extends Exception> T run(ModelFileAccess.Action<T, E> action) throws E {
            return AccessController.doPrivilegedChecked(action::run);
        }
    };

    private PrivilegedModelFiles() {}

    public static void install() {
        ModelFileAccess.install(OPENSEARCH);
    }
}
